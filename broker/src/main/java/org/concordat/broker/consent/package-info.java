/**
 * Consent: FHIR Consent directives with their history (recorded in the ledger), and the consent
 * cache, the decision engine's view of each person's consent, opt-out and grants.
 */
@NullMarked
package org.concordat.broker.consent;

import org.jspecify.annotations.NullMarked;
