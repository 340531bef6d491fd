package org.concordat.broker.agreement;

import java.util.Map;
import org.concordat.protocols.agreement.ActivationStatus;
import org.concordat.protocols.agreement.InForceRule;
import org.concordat.protocols.consent.ConsentPort;
import org.concordat.protocols.decision.Decision;
import org.concordat.protocols.decision.DecisionEngine;
import org.concordat.protocols.decision.DecisionRequest;
import org.concordat.protocols.sharing.OdsCode;
import org.concordat.protocols.sharing.PartyStanding;
import org.concordat.protocols.sharing.Protocol;

/**
 * The protocol version the broker enforces, whether it is in force (every party has signed this
 * exact hash, within its validity), the parties' standings, and the decision engine built for them
 * once, so a decision is only look-ups. Decisions follow the core's {@link InForceRule}: under a
 * protocol that is not in force, everything is denied ({@code party-withdrawn} or {@code
 * no-active-protocol}).
 */
public record ActiveProtocol(
    Protocol protocol,
    ActivationStatus status,
    Map<OdsCode, PartyStanding> standings,
    DecisionEngine engine) {

  public static ActiveProtocol of(
      Protocol protocol,
      ActivationStatus status,
      Map<OdsCode, PartyStanding> standings,
      ConsentPort consents) {
    return new ActiveProtocol(
        protocol, status, Map.copyOf(standings), new DecisionEngine(protocol, standings, consents));
  }

  public Decision decide(DecisionRequest request) {
    return InForceRule.decide(status, engine, request);
  }

  /** What every decision says while the protocol is not in force ({@link InForceRule}). */
  public Decision.Deny notInForce() {
    return InForceRule.notInForce(status);
  }
}
