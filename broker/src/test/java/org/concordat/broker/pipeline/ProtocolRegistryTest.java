package org.concordat.broker.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Set;
import org.concordat.adapters.crypto.BouncyCastleEd25519Verifier;
import org.concordat.protocols.consent.ConsentPort;
import org.concordat.protocols.decision.Decision;
import org.concordat.protocols.decision.DecisionRequest;
import org.concordat.protocols.sharing.CategoryCode;
import org.concordat.protocols.sharing.OdsCode;
import org.concordat.protocols.sharing.PartyStanding;
import org.concordat.protocols.sharing.PurposeCode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Which protocol is in force, from the files an integrator edits and the parties sign. */
class ProtocolRegistryTest {
  static final Path EXAMPLE_DIR = Path.of("../config/partnerships/example");
  static final Instant NOW = Instant.parse("2026-06-01T09:00:00Z");

  @TempDir Path temp;
  Path protocolFile;

  @BeforeEach
  void copyExample() throws IOException {
    protocolFile = temp.resolve("protocol.yaml");
    Files.copy(EXAMPLE_DIR.resolve("protocol.yaml"), protocolFile);
    Files.copy(
        EXAMPLE_DIR.resolve(ProtocolRegistry.SIGNATURES_FILE),
        temp.resolve(ProtocolRegistry.SIGNATURES_FILE));
  }

  @Test
  void putsTheFullySignedExampleInForce() {
    ActiveProtocol active = registry(Map.of()).get();

    assertThat(active.status().isActive()).isTrue();
    assertThat(active.decide(dischargeNotice())).isInstanceOf(Decision.Permit.class);
  }

  @Test
  void deniesEverythingUnderAProtocolWhoseSignaturesAreMissing() throws IOException {
    Files.delete(temp.resolve(ProtocolRegistry.SIGNATURES_FILE));

    ActiveProtocol active = registry(Map.of()).get();

    assertThat(active.status().isActive()).isFalse();
    Decision decision = active.decide(dischargeNotice());
    assertThat(decision).isInstanceOf(Decision.Deny.class);
    assertThat(decision.reasons().get(0).code()).isEqualTo("no-active-protocol");
  }

  @Test
  void keepsTheVersionInForceUntilAnEditedVersionIsSignedByEveryParty() throws IOException {
    ProtocolRegistry registry = registry(Map.of());
    String inForce = registry.get().protocol().ref().sha256();

    Files.writeString(
        protocolFile, Files.readString(protocolFile).replaceFirst("title: ", "title: Edited "));
    ActiveProtocol afterEdit = registry.refresh();

    assertThat(afterEdit.protocol().ref().sha256()).isEqualTo(inForce);
    assertThat(afterEdit.status().isActive()).isTrue();
  }

  @Test
  void deniesTheFlowsOfASuspendedParty() {
    ActiveProtocol active =
        registry(Map.of(OdsCode.of("XLA001"), PartyStanding.suspended(NOW.minusSeconds(60), "x")))
            .get();

    Decision decision = active.decide(dischargeNotice());

    assertThat(decision).isInstanceOf(Decision.Deny.class);
    assertThat(decision.reasons()).anyMatch(r -> r.code().equals("party-suspended"));
  }

  @Test
  void namesThePartyWhoseWithdrawalTookTheProtocolOutOfForce() {
    ActiveProtocol active =
        registry(
                Map.of(
                    OdsCode.of("XVO001"),
                    PartyStanding.withdrawn(NOW.minusSeconds(60), "board decision")))
            .get();

    Decision decision = active.decide(dischargeNotice());

    assertThat(active.status().isActive()).isFalse();
    assertThat(decision.reasons()).extracting(r -> r.code()).containsExactly("party-withdrawn");
    assertThat(decision.reasons().get(0).text())
        .startsWith("XVO001 withdrew from the protocol")
        .contains("board decision")
        .contains("in force only while every party takes part");
  }

  @Test
  void decidesAProtocolNotYetValidAtEachRequestsOwnInstant() {
    ActiveProtocol signed = registry(Map.of()).get();
    ActiveProtocol early =
        ActiveProtocol.of(
            signed.protocol(),
            new org.concordat.protocols.agreement.ActivationStatus.Inactive(
                signed.protocol().ref(),
                java.util.List.of(
                    new org.concordat.protocols.decision.Reason(
                        "protocol-not-yet-valid", "Not valid until its valid-from.")),
                java.util.List.of(),
                java.util.List.of()),
            Map.of(),
            ConsentPort.NONE);
    Instant validFrom = signed.protocol().validFromInstant();

    assertThat(early.decide(dischargeNoticeAt(validFrom))).isInstanceOf(Decision.Permit.class);
    assertThat(early.decide(dischargeNoticeAt(validFrom.minusSeconds(1))).reasons())
        .extracting(r -> r.code())
        .containsExactly("protocol-not-yet-valid");
  }

  private static DecisionRequest dischargeNoticeAt(Instant at) {
    return new DecisionRequest(
        OdsCode.of("RXA"),
        OdsCode.of("XLA001"),
        PurposeCode.of("hospital-discharge"),
        Set.of(CategoryCode.of("demographics")),
        at);
  }

  private ProtocolRegistry registry(Map<OdsCode, PartyStanding> standings) {
    return new ProtocolRegistry(
        protocolFile,
        sha -> standings,
        Clock.fixed(NOW, ZoneOffset.UTC),
        BouncyCastleEd25519Verifier::new,
        ConsentPort.NONE);
  }

  private static DecisionRequest dischargeNotice() {
    return dischargeNoticeAt(NOW);
  }
}
