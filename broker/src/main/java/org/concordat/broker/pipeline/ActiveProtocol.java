package org.concordat.broker.pipeline;

import org.concordat.protocols.decision.DecisionEngine;
import org.concordat.protocols.sharing.Protocol;

/**
 * The protocol version the broker enforces and its decision engine, built once at load time so that
 * a decision is only look-ups.
 */
public record ActiveProtocol(Protocol protocol, DecisionEngine engine) {

  public static ActiveProtocol of(Protocol protocol) {
    return new ActiveProtocol(protocol, new DecisionEngine(protocol));
  }
}
