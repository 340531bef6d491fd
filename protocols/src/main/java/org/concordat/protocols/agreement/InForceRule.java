package org.concordat.protocols.agreement;

import java.util.List;
import java.util.Objects;
import org.concordat.protocols.decision.Decision;
import org.concordat.protocols.decision.DecisionEngine;
import org.concordat.protocols.decision.DecisionRequest;
import org.concordat.protocols.decision.Reason;

/**
 * The in-force rule: a protocol version decides nothing unless it is in force ({@link
 * ActivationStatus.Active}: every party signed exactly this hash, none withdrew, within validity).
 * Under a version that is not in force every request is denied with {@code no-active-protocol},
 * citing why it is not in force. The broker and the command line both decide through this rule, so
 * a dry run on the command line answers as the broker would.
 */
public final class InForceRule {
  /** The reason code of every deny under a protocol that is not in force. */
  public static final String NO_ACTIVE_PROTOCOL = "no-active-protocol";

  private InForceRule() {}

  /**
   * The decision on {@code request}: the engine's when {@code status} is active, else the {@link
   * #notInForce} deny.
   *
   * @param engine the decision engine built for the protocol version {@code status} is about
   */
  public static Decision decide(
      ActivationStatus status, DecisionEngine engine, DecisionRequest request) {
    Objects.requireNonNull(engine, "engine");
    Objects.requireNonNull(request, "request");
    return status.isActive() ? engine.decide(request) : notInForce(status);
  }

  /**
   * The deny every request gets under a protocol version that is not in force, with each reason it
   * is not in force in one sentence.
   *
   * @throws IllegalArgumentException if {@code status} is active
   */
  public static Decision.Deny notInForce(ActivationStatus status) {
    if (!(status instanceof ActivationStatus.Inactive inactive)) {
      throw new IllegalArgumentException("The protocol is in force, so it decides");
    }
    String why = String.join(" ", inactive.reasons().stream().map(Reason::text).toList());
    return new Decision.Deny(
        status.protocol(),
        List.of(
            new Reason(
                NO_ACTIVE_PROTOCOL,
                "Protocol "
                    + status.protocol().id()
                    + " "
                    + status.protocol().version()
                    + " is not in force. "
                    + why)));
  }
}
