/**
 * HL7 v2.4 ADT from hospital patient administration systems, turned into ADW notices as FHIR R4
 * messages that the rest of the broker reads unchanged: A01 (admit) becomes an admission
 * notification, A03 (discharge) a discharge notice, A08 (update) the notice for the visit's current
 * state. Also the HL7 acknowledgements (ACK with AA, AE or AR and an ERR segment) that answer the
 * sender. The mapping is documented in {@code docs/hl7v2.md}.
 */
@NullMarked
package org.concordat.adapters.hl7v2;

import org.jspecify.annotations.NullMarked;
