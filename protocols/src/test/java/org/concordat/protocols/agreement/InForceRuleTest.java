package org.concordat.protocols.agreement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.concordat.protocols.decision.Decision;
import org.concordat.protocols.decision.DecisionEngine;
import org.concordat.protocols.decision.DecisionRequest;
import org.concordat.protocols.decision.Reason;
import org.concordat.protocols.sharing.CategoryCode;
import org.concordat.protocols.sharing.Flow;
import org.concordat.protocols.sharing.OdsCode;
import org.concordat.protocols.sharing.Protocol;
import org.concordat.protocols.sharing.ProtocolReader;
import org.concordat.protocols.sharing.PurposeCode;
import org.concordat.protocols.sharing.TestProtocols;
import org.concordat.protocols.sharing.TestSigningKey;
import org.junit.jupiter.api.Test;

class InForceRuleTest {
  private static final Instant AT = Instant.parse("2026-03-02T10:00:00Z");
  private static final List<String> PARTIES = List.of("RXA", "XLA001", "XVO001");
  private static final CategoryCode DEMOGRAPHICS = CategoryCode.of("demographics");

  private final Protocol protocol =
      ProtocolReader.read(
          "protocol.yaml",
          TestProtocols.yaml(
              List.of(
                  new Flow(
                      OdsCode.of("RXA"),
                      OdsCode.of("XLA001"),
                      PurposeCode.of("hospital-discharge"),
                      Set.of(DEMOGRAPHICS)))));
  private final DecisionEngine engine = new DecisionEngine(protocol);
  private final DecisionRequest request =
      new DecisionRequest(
          OdsCode.of("RXA"),
          OdsCode.of("XLA001"),
          PurposeCode.of("hospital-discharge"),
          Set.of(DEMOGRAPHICS),
          AT);

  private ActivationStatus signedBy(List<String> signers) {
    List<ProtocolSignature> signatures = new ArrayList<>();
    for (String ods : signers) {
      signatures.add(ProtocolSigning.sign(protocol, OdsCode.of(ods), TestSigningKey.of(ods)));
    }
    return ProtocolActivation.evaluate(
        protocol, signatures, Map.of(), AT, TestSigningKey::verifier);
  }

  @Test
  void decidesWithTheEngineWhenEveryPartySigned() {
    Decision decision = InForceRule.decide(signedBy(PARTIES), engine, request);

    assertThat(decision).isInstanceOf(Decision.Permit.class);
  }

  @Test
  void deniesEverythingWithNoActiveProtocolWhenAPartyHasNotSigned() {
    Decision decision = InForceRule.decide(signedBy(PARTIES.subList(0, 2)), engine, request);

    assertThat(decision).isInstanceOf(Decision.Deny.class);
    assertThat(decision.reasons()).extracting(Reason::code).containsExactly("no-active-protocol");
    assertThat(decision.reasons().get(0).text())
        .startsWith("Protocol " + protocol.ref().id() + " " + protocol.ref().version())
        .contains("is not in force")
        .contains("XVO001 has not signed");
    assertThat(decision.protocol()).isEqualTo(protocol.ref());
  }

  @Test
  void refusesToBuildANotInForceDenyForAnActiveProtocol() {
    assertThatThrownBy(() -> InForceRule.notInForce(signedBy(PARTIES)))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
