package org.concordat.broker.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.concordat.protocols.agreement.ActivationStatus;
import org.concordat.protocols.consent.ConsentPort;
import org.concordat.protocols.decision.Decision;
import org.concordat.protocols.decision.DecisionEngine;
import org.concordat.protocols.decision.DecisionRequest;
import org.concordat.protocols.decision.Reason;
import org.concordat.protocols.decision.ReasonCode;
import org.concordat.protocols.sharing.OdsCode;
import org.concordat.protocols.sharing.PartyStanding;
import org.concordat.protocols.sharing.Protocol;

/**
 * The protocol version the broker enforces, whether it is in force (every party has signed this
 * exact hash, within its validity), the parties' standings, and the decision engine built for them
 * once, so a decision is only look-ups. Under a protocol that is not in force, everything is denied
 * ({@code party-withdrawn} when parties withdrew, else {@code no-active-protocol}).
 */
public record ActiveProtocol(
    Protocol protocol,
    ActivationStatus status,
    Map<OdsCode, PartyStanding> standings,
    DecisionEngine engine,
    Decision.Deny notInForce) {

  public static ActiveProtocol of(
      Protocol protocol,
      ActivationStatus status,
      Map<OdsCode, PartyStanding> standings,
      ConsentPort consents) {
    return new ActiveProtocol(
        protocol,
        status,
        Map.copyOf(standings),
        new DecisionEngine(protocol, standings, consents),
        notInForce(protocol, status));
  }

  /**
   * What every decision says while the protocol is not in force: {@code party-withdrawn} for each
   * party that withdrew (a protocol is in force only while every party takes part), then {@code
   * no-active-protocol} with any other cause.
   */
  private static Decision.Deny notInForce(Protocol protocol, ActivationStatus status) {
    String name = protocol.ref().id() + " " + protocol.ref().version();
    List<Reason> causes =
        status instanceof ActivationStatus.Inactive inactive ? inactive.reasons() : List.of();
    List<Reason> reasons = new ArrayList<>();
    List<String> others = new ArrayList<>();
    for (Reason cause : causes) {
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
    return new Decision.Deny(protocol.ref(), reasons);
  }

  /**
   * Decides {@code request} at its own instant. A protocol that was out of force when its status
   * was evaluated only because its {@code valid-from} had not come is decided by the engine, which
   * compares {@code valid-from} with the request's instant, so a dry run dated after it sees what a
   * real decision then will.
   */
  public Decision decide(DecisionRequest request) {
    return status.isActive() || onlyNotYetValid() ? engine.decide(request) : notInForce;
  }

  private boolean onlyNotYetValid() {
    return status instanceof ActivationStatus.Inactive inactive
        && inactive.reasons().stream().allMatch(r -> r.is(ReasonCode.PROTOCOL_NOT_YET_VALID));
  }
}
