/**
 * Reading a FHIR R4 Consent into what the broker needs: the person (by NHS number), the flat
 * consent directives the decision engine evaluates, and who gave, recorded and evidenced the
 * consent. The conventions are in {@code docs/consent-format.md}.
 */
@NullMarked
package org.concordat.adapters.fhir.consent;

import org.jspecify.annotations.NullMarked;
