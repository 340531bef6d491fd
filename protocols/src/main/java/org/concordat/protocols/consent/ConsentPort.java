package org.concordat.protocols.consent;

/**
 * Port through which the decision engine learns a person's consent directives and opt-out. The
 * consent registry (FHIR Consent, the opt-out import) implements it outside the core; it must
 * answer from memory or a cache, since the engine calls it once per decision.
 */
@FunctionalInterface
public interface ConsentPort {

  /** A port that knows no directives and no opt-outs for anyone. */
  ConsentPort NONE = subjectKey -> SubjectConsent.NONE;

  /**
   * The directives and opt-out of the person whose keyed hash is {@code subjectKey}; {@link
   * SubjectConsent#NONE} when nothing is recorded. Never null.
   */
  SubjectConsent consentOf(String subjectKey);
}
