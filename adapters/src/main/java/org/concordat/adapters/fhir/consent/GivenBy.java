package org.concordat.adapters.fhir.consent;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Who gave the consent and on what authority: the person themselves, their attorney under a lasting
 * power of attorney, or a decision maker acting in their best interests (Mental Capacity Act 2005
 * s4).
 *
 * @param who the display, identifier value or reference of {@code Consent.performer}; null when the
 *     Consent names nobody
 * @param decisionMaker for a best-interests decision, who made it; null otherwise
 */
public record GivenBy(Kind kind, @Nullable String who, @Nullable String decisionMaker) {

  /** On what authority the consent was given. */
  public enum Kind {
    /** The person themselves. */
    PERSON,
    /** An attorney under a lasting power of attorney for health and welfare. */
    LASTING_POWER_OF_ATTORNEY,
    /** A decision made in the person's best interests because they lack capacity. */
    BEST_INTERESTS_DECISION,
    /** Someone other than the person, and the Consent does not say on what authority. */
    OTHER
  }

  public GivenBy {
    Objects.requireNonNull(kind, "kind");
    if (decisionMaker != null && kind != Kind.BEST_INTERESTS_DECISION) {
      throw new IllegalArgumentException("Only a best-interests decision has a decision maker");
    }
    if (decisionMaker == null && kind == Kind.BEST_INTERESTS_DECISION) {
      throw new IllegalArgumentException("A best-interests decision names its decision maker");
    }
  }

  /** Names are personal data, so they are not shown. */
  @Override
  public String toString() {
    return "GivenBy[kind=" + kind + (who == null ? "" : ", who=(withheld)") + "]";
  }
}
