package org.concordat.protocols.agreement;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.concordat.protocols.decision.Decision;
import org.concordat.protocols.decision.DecisionEngine;
import org.concordat.protocols.decision.DecisionRequest;
import org.concordat.protocols.decision.Reason;
import org.concordat.protocols.decision.ReasonCode;

/**
 * The in-force rule: a protocol version decides nothing unless it is in force ({@link
 * ActivationStatus.Active}: every party signed exactly this hash, none withdrew, within validity).
 * Under a version that is not in force every request is denied: {@code party-withdrawn} for each
 * party that withdrew, then {@code no-active-protocol} citing any other reason it is not in force.
 * A version out of force only because its {@code valid-from} has not come is decided by the engine
 * at the request's own instant, so a dry run dated after it answers as a real decision then will.
 * The broker and the command line both decide through this rule.
 */
public final class InForceRule {
  /** The reason code of a deny under a protocol that is not in force for any other cause. */
  public static final String NO_ACTIVE_PROTOCOL = ReasonCode.NO_ACTIVE_PROTOCOL.wire();

  private InForceRule() {}

  /**
   * The decision on {@code request}: the engine's when {@code status} is active (or out of force
   * only until its valid-from, which the engine checks at the request's instant), else the {@link
   * #notInForce} deny.
   *
   * @param engine the decision engine built for the protocol version {@code status} is about
   */
  public static Decision decide(
      ActivationStatus status, DecisionEngine engine, DecisionRequest request) {
    Objects.requireNonNull(engine, "engine");
    Objects.requireNonNull(request, "request");
    return status.isActive() || onlyNotYetValid(status)
        ? engine.decide(request)
        : notInForce(status);
  }

  /**
   * The deny every request gets under a protocol version that is not in force: {@code
   * party-withdrawn} for each party that withdrew (a protocol is in force only while every party
   * takes part), then {@code no-active-protocol} with every other cause in one sentence each.
   *
   * @throws IllegalArgumentException if {@code status} is active
   */
  public static Decision.Deny notInForce(ActivationStatus status) {
    if (!(status instanceof ActivationStatus.Inactive inactive)) {
      throw new IllegalArgumentException("The protocol is in force, so it decides");
    }
    String name = status.protocol().id() + " " + status.protocol().version();
    List<Reason> reasons = new ArrayList<>();
    List<String> others = new ArrayList<>();
    for (Reason cause : inactive.reasons()) {
      if (cause.is(ReasonCode.PARTY_WITHDRAWN)) {
        reasons.add(
            new Reason(
                ReasonCode.PARTY_WITHDRAWN,
                cause.text()
                    + " A protocol is in force only while every party takes part, so no flow"
                    + " under "
                    + name
                    + " may proceed until the party signs it again or a new version is signed."));
      } else {
        others.add(cause.text());
      }
    }
    if (reasons.isEmpty() || !others.isEmpty()) {
      reasons.add(
          new Reason(
              ReasonCode.NO_ACTIVE_PROTOCOL,
              "Protocol " + name + " is not in force. " + String.join(" ", others)));
    }
    return new Decision.Deny(status.protocol(), reasons);
  }

  private static boolean onlyNotYetValid(ActivationStatus status) {
    return status instanceof ActivationStatus.Inactive inactive
        && !inactive.reasons().isEmpty()
        && inactive.reasons().stream().allMatch(r -> r.is(ReasonCode.PROTOCOL_NOT_YET_VALID));
  }
}
