/**
 * The HL7 v2 transports: route templates for an MLLP listener per sending partner, which answers
 * every message with an HL7 acknowledgement, and for {@code .hl7} files dropped into a partner's
 * folder, which behave like the FHIR file drop (quarantine with a reason).
 */
@NullMarked
package org.concordat.adapters.transport.mllp;

import org.jspecify.annotations.NullMarked;
