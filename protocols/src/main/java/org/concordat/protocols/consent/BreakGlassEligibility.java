package org.concordat.protocols.consent;

import java.util.Objects;
import java.util.Optional;
import org.concordat.protocols.sharing.OdsCode;
import org.concordat.protocols.sharing.Protocol;
import org.concordat.protocols.sharing.Purpose;
import org.concordat.protocols.sharing.PurposeCode;

/**
 * Who may break glass for what under the protocol in force, and who may review it. Break-glass
 * overrides a person's refusal, never the partnership's agreement, so a grant request is refused
 * when (each rule a {@link Rule}):
 *
 * <ul>
 *   <li>the protocol defines no such purpose ({@link Rule#PURPOSE_NOT_DEFINED});
 *   <li>the purpose is secondary use, or one the national data opt-out applies to: break-glass is
 *       for an emergency in a person's care ({@link Rule#SECONDARY_USE});
 *   <li>the recipient is not a party to the protocol ({@link Rule#RECIPIENT_NOT_A_PARTY});
 *   <li>the protocol has no flow from the organisation breaking glass to the recipient for the
 *       purpose: a grant never opens a flow the partners have not agreed ({@link Rule#NO_FLOW});
 * </ul>
 *
 * and a grant is reviewed by someone other than the person who broke glass ({@link
 * Rule#SELF_REVIEW}). Reasons are judged by {@link BreakGlassReasonPolicy}.
 */
public final class BreakGlassEligibility {
  private BreakGlassEligibility() {}

  /** The rule a refusal cites. */
  public enum Rule {
    PURPOSE_NOT_DEFINED,
    SECONDARY_USE,
    RECIPIENT_NOT_A_PARTY,
    NO_FLOW,
    SELF_REVIEW
  }

  /**
   * A refusal: its rule and a sentence (or clause, for a field) saying why, with no personal data.
   */
  public record Refusal(Rule rule, String sentence) {
    public Refusal {
      Objects.requireNonNull(rule, "rule");
      Objects.requireNonNull(sentence, "sentence");
    }
  }

  /** Whether glass may be broken for {@code purpose} under {@code rules}. */
  public static Optional<Refusal> purpose(Protocol rules, PurposeCode purpose) {
    Optional<Purpose> defined = rules.purpose(purpose);
    if (defined.isEmpty()) {
      return Optional.of(
          new Refusal(
              Rule.PURPOSE_NOT_DEFINED,
              "the protocol "
                  + rules.ref().id()
                  + " defines no purpose "
                  + purpose
                  + " (it defines "
                  + String.join(", ", rules.purposes().stream().map(p -> p.code().value()).toList())
                  + ")."));
    }
    if (defined.get().secondaryUse() || defined.get().optOutApplies()) {
      return Optional.of(
          new Refusal(
              Rule.SECONDARY_USE,
              purpose
                  + " is secondary use, beyond the person's individual care"
                  + (defined.get().optOutApplies()
                      ? ", and the national data opt-out applies to it"
                      : "")
                  + ". Break-glass is for an emergency in a person's care; it never lifts the"
                  + " national data opt-out or opens data for secondary use."));
    }
    return Optional.empty();
  }

  /** Whether a grant may send to {@code recipient} under {@code rules}. */
  public static Optional<Refusal> recipient(Protocol rules, OdsCode recipient) {
    if (rules.party(recipient).isEmpty()) {
      return Optional.of(
          new Refusal(
              Rule.RECIPIENT_NOT_A_PARTY,
              recipient
                  + " is not a party to the protocol "
                  + rules.ref().id()
                  + "; break-glass never sends outside the partnership."));
    }
    return Optional.empty();
  }

  /** Whether the protocol has the flow a grant from {@code from} to {@code to} would use. */
  public static Optional<Refusal> flow(
      Protocol rules, OdsCode from, OdsCode to, PurposeCode purpose) {
    boolean agreed =
        rules.flows().stream()
            .anyMatch(
                f -> f.from().equals(from) && f.to().equals(to) && f.purpose().equals(purpose));
    if (agreed) {
      return Optional.empty();
    }
    return Optional.of(
        new Refusal(
            Rule.NO_FLOW,
            "The protocol "
                + rules.ref().id()
                + " "
                + rules.ref().version()
                + " has no flow from "
                + from
                + " to "
                + to
                + " for "
                + purpose
                + ". Break-glass overrides the person's consent, never the protocol: a grant"
                + " never opens a flow the partners have not agreed."));
  }

  /**
   * Whether {@code reviewer} may review the grant {@code grantReference} that {@code grantedBy}
   * made: never their own.
   */
  public static Optional<Refusal> review(String grantReference, String grantedBy, String reviewer) {
    if (grantedBy.equals(reviewer)) {
      return Optional.of(
          new Refusal(
              Rule.SELF_REVIEW,
              "You broke glass with " + grantReference + " yourself; someone else reviews it."));
    }
    return Optional.empty();
  }
}
