package org.concordat.broker.agreement;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.concordat.adapters.crypto.BouncyCastleEd25519Signer;
import org.concordat.adapters.crypto.BouncyCastleEd25519Verifier;
import org.concordat.adapters.crypto.Ed25519KeyPair;
import org.concordat.adapters.crypto.Ed25519Keys;
import org.concordat.protocols.agreement.ProtocolSignature;
import org.concordat.protocols.agreement.ProtocolSignatures;
import org.concordat.protocols.agreement.ProtocolSigning;
import org.concordat.protocols.consent.ConsentPort;
import org.concordat.protocols.decision.Decision;
import org.concordat.protocols.decision.DecisionRequest;
import org.concordat.protocols.sharing.CategoryCode;
import org.concordat.protocols.sharing.OdsCode;
import org.concordat.protocols.sharing.Party;
import org.concordat.protocols.sharing.PartyStanding;
import org.concordat.protocols.sharing.Protocol;
import org.concordat.protocols.sharing.ProtocolReader;
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
  void aNewFullySignedVersionDecidesEveryQueuedDeliveryAgain() throws IOException {
    ProtocolRegistry registry = registry(Map.of());
    List<NarrowingChange> changes = new ArrayList<>();
    registry.redecideQueuedWith(recordingInto(changes));
    String before = registry.get().protocol().ref().version();

    Files.writeString(
        protocolFile,
        Files.readString(protocolFile).replaceFirst("(?m)^version: .*$", "version: \"9.9.9\""));
    signByEveryParty();
    ActiveProtocol replaced = registry.refresh();

    assertThat(replaced.protocol().ref().version()).isEqualTo("9.9.9");
    assertThat(replaced.status().isActive()).isTrue();
    assertThat(changes).hasSize(1);
    assertThat(changes.get(0).scope()).isInstanceOf(NarrowingChange.Everything.class);
    assertThat(changes.get(0).cause())
        .contains(before)
        .contains("was replaced by")
        .contains("9.9.9");
  }

  @Test
  void aProtocolGoingOutOfForceDecidesEveryQueuedDeliveryAgain() {
    Map<OdsCode, PartyStanding> standings = new HashMap<>();
    ProtocolRegistry registry = registry(standings);
    List<NarrowingChange> changes = new ArrayList<>();
    registry.redecideQueuedWith(recordingInto(changes));

    standings.put(OdsCode.of("XVO001"), PartyStanding.withdrawn(NOW.minusSeconds(1), "Leaving"));
    registry.refresh();

    assertThat(registry.get().status().isActive()).isFalse();
    assertThat(changes).hasSize(1);
    assertThat(changes.get(0).scope()).isInstanceOf(NarrowingChange.Everything.class);
    assertThat(changes.get(0).cause()).contains("went out of force");
  }

  @Test
  void aSuspensionDecidesThePartysQueuedDeliveriesAgainAndANoChangeRefreshNothing() {
    Map<OdsCode, PartyStanding> standings = new HashMap<>();
    ProtocolRegistry registry = registry(standings);
    List<NarrowingChange> changes = new ArrayList<>();
    registry.redecideQueuedWith(recordingInto(changes));

    registry.refresh();
    assertThat(changes).isEmpty();

    standings.put(OdsCode.of("XLA001"), PartyStanding.suspended(NOW.minusSeconds(1), "Breach"));
    registry.refresh();

    assertThat(changes).hasSize(1);
    assertThat(changes.get(0).scope()).isEqualTo(new NarrowingChange.Party(OdsCode.of("XLA001")));
    assertThat(changes.get(0).cause()).contains("XLA001").contains("suspended");
  }

  private static QueuedRedecision recordingInto(List<NarrowingChange> changes) {
    return change -> {
      changes.add(change);
      return 0;
    };
  }

  /** Every party signs the protocol file as it now is, with its demo key. */
  private void signByEveryParty() throws IOException {
    Protocol protocol = ProtocolReader.read(protocolFile);
    List<ProtocolSignature> signatures = new ArrayList<>();
    for (Party party : protocol.parties()) {
      Ed25519KeyPair pair =
          Ed25519Keys.readPrivateKey(
              EXAMPLE_DIR.resolve("demo-keys").resolve(party.ods().value() + ".key.pem"));
      signatures.add(
          ProtocolSigning.sign(
              protocol,
              party.ods(),
              new BouncyCastleEd25519Signer(party.signingKeys().get(0).name(), pair)));
    }
    Files.writeString(
        temp.resolve(ProtocolRegistry.SIGNATURES_FILE), ProtocolSignatures.write(signatures));
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
