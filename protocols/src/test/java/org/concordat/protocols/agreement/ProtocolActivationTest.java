package org.concordat.protocols.agreement;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.concordat.protocols.decision.Reason;
import org.concordat.protocols.sharing.Flow;
import org.concordat.protocols.sharing.InvalidProtocolException;
import org.concordat.protocols.sharing.OdsCode;
import org.concordat.protocols.sharing.PartyStanding;
import org.concordat.protocols.sharing.Protocol;
import org.concordat.protocols.sharing.ProtocolFixture;
import org.concordat.protocols.sharing.ProtocolReader;
import org.concordat.protocols.sharing.PurposeCode;
import org.concordat.protocols.sharing.TestProtocols;
import org.concordat.protocols.sharing.TestSigningKey;
import org.junit.jupiter.api.Test;

class ProtocolActivationTest {
  private static final Instant AT = Instant.parse("2026-03-02T10:00:00Z");
  private static final List<String> PARTIES = List.of("RXA", "XLA001", "XVO001");

  private final String yaml =
      TestProtocols.yaml(
          List.of(
              new Flow(
                  OdsCode.of("RXA"),
                  OdsCode.of("XLA001"),
                  PurposeCode.of("hospital-discharge"),
                  java.util.Set.of(
                      org.concordat.protocols.sharing.CategoryCode.of("demographics")))));
  private final Protocol protocol = ProtocolReader.read("protocol.yaml", yaml);

  private static List<ProtocolSignature> signAll(Protocol protocol) {
    List<ProtocolSignature> signatures = new ArrayList<>();
    for (String ods : PARTIES) {
      signatures.add(ProtocolSigning.sign(protocol, OdsCode.of(ods), TestSigningKey.of(ods)));
    }
    return signatures;
  }

  private static ActivationStatus evaluate(
      Protocol protocol,
      List<ProtocolSignature> signatures,
      Map<OdsCode, PartyStanding> standings) {
    return ProtocolActivation.evaluate(
        protocol, signatures, standings, AT, TestSigningKey::verifier);
  }

  private static List<String> reasonCodes(ActivationStatus status) {
    assertThat(status).isInstanceOf(ActivationStatus.Inactive.class);
    return ((ActivationStatus.Inactive) status).reasons().stream().map(Reason::code).toList();
  }

  @Test
  void isActiveWhenEveryPartySignedThisExactVersion() {
    ActivationStatus status = evaluate(protocol, signAll(protocol), Map.of());
    assertThat(status).isInstanceOf(ActivationStatus.Active.class);
    assertThat(status.parties()).allMatch(PartySignatureStatus::signed);
    assertThat(status.parties().get(0).key()).isEqualTo(TestSigningKey.of("RXA").verifierKey());
    assertThat(status.warnings()).isEmpty();
  }

  @Test
  void isInactiveAfterAOneByteChangeToTheProtocol() {
    List<ProtocolSignature> signatures = signAll(protocol);
    Protocol changed =
        ProtocolReader.read("protocol.yaml", yaml.replace("Discharge.", "Discharge!"));
    ActivationStatus status = evaluate(changed, signatures, Map.of());
    assertThat(reasonCodes(status))
        .containsExactly(
            "signature-for-other-version",
            "signature-for-other-version",
            "signature-for-other-version");
    assertThat(status.parties())
        .extracting(PartySignatureStatus::state)
        .containsOnly(PartySignatureStatus.State.OTHER_VERSION);
  }

  @Test
  void isInactiveWhenASignatureClaimsTheNewHashButSignedTheOldBytes() {
    Protocol changed =
        ProtocolReader.read("protocol.yaml", yaml.replace("Discharge.", "Discharge!"));
    List<ProtocolSignature> forged = new ArrayList<>();
    for (ProtocolSignature s : signAll(protocol)) {
      forged.add(new ProtocolSignature(s.party(), s.key(), changed.ref().sha256(), s.signature()));
    }
    assertThat(reasonCodes(evaluate(changed, forged, Map.of())))
        .containsExactly("signature-invalid", "signature-invalid", "signature-invalid");
  }

  @Test
  void isInactiveWhenAPartySignedWithAKeyItDidNotDeclare() {
    TestSigningKey wrong = TestSigningKey.of("XLA001", 2);
    assertThatThrownBy(() -> ProtocolSigning.sign(protocol, OdsCode.of("XLA001"), wrong))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not one of the signing-keys of XLA001");
    List<ProtocolSignature> signatures = signAll(protocol);
    ProtocolSignature good = signatures.get(1);
    byte[] bytes = wrong.sign(protocol.canonicalBytes());
    signatures.set(
        1,
        new ProtocolSignature(
            good.party(),
            wrong.verifierKey(),
            good.protocolSha256(),
            java.util.Base64.getEncoder().encodeToString(bytes)));
    ActivationStatus status = evaluate(protocol, signatures, Map.of());
    assertThat(reasonCodes(status)).containsExactly("signature-key-not-declared");
    assertThat(((ActivationStatus.Inactive) status).reasons().get(0).text())
        .isEqualTo(
            "XLA001 signed with the key xla001.test/protocol-2, which is not one of its"
                + " signing-keys in the protocol northmoor-integrated-care 1.0.0.");
  }

  @Test
  void isInactiveWhenAPartyHasNotSigned() {
    List<ProtocolSignature> signatures = signAll(protocol);
    signatures.remove(2);
    ActivationStatus status = evaluate(protocol, signatures, Map.of());
    assertThat(((ActivationStatus.Inactive) status).reasons())
        .containsExactly(
            new Reason(
                "signature-missing",
                "XVO001 has not signed the protocol northmoor-integrated-care 1.0.0."));
    assertThat(status.parties().get(2).state()).isEqualTo(PartySignatureStatus.State.MISSING);
  }

  @Test
  void isInactiveWhenAPartyHasWithdrawnButOnlyWarnsWhenOneIsSuspended() {
    Map<OdsCode, PartyStanding> withdrawn =
        Map.of(
            OdsCode.of("XVO001"),
            PartyStanding.withdrawn(Instant.parse("2026-02-01T00:00:00Z"), "board decision"));
    assertThat(reasonCodes(evaluate(protocol, signAll(protocol), withdrawn)))
        .containsExactly("party-withdrawn");

    Map<OdsCode, PartyStanding> suspended =
        Map.of(
            OdsCode.of("XVO001"),
            PartyStanding.suspended(Instant.parse("2026-02-01T00:00:00Z"), "data breach"));
    ActivationStatus status = evaluate(protocol, signAll(protocol), suspended);
    assertThat(status.isActive()).isTrue();
    assertThat(status.warnings()).extracting(Reason::code).containsExactly("party-suspended");

    Map<OdsCode, PartyStanding> later =
        Map.of(
            OdsCode.of("XVO001"),
            PartyStanding.withdrawn(Instant.parse("2026-09-01T00:00:00Z"), "notice given"));
    assertThat(evaluate(protocol, signAll(protocol), later).isActive())
        .as("a withdrawal dated later is not yet in force")
        .isTrue();
  }

  @Test
  void isInactiveBeforeValidFromAndWarnsAfterTheReviewDate() {
    List<ProtocolSignature> signatures = signAll(protocol);
    ActivationStatus early =
        ProtocolActivation.evaluate(
            protocol,
            signatures,
            Map.of(),
            Instant.parse("2025-12-31T23:59:59Z"),
            TestSigningKey::verifier);
    assertThat(reasonCodes(early)).containsExactly("protocol-not-yet-valid");
    ActivationStatus late =
        ProtocolActivation.evaluate(
            protocol,
            signatures,
            Map.of(),
            Instant.parse("2027-07-01T12:00:00Z"),
            TestSigningKey::verifier);
    assertThat(late.isActive()).isTrue();
    assertThat(late.warnings()).extracting(Reason::code).containsExactly("review-date-passed");
  }

  @Test
  void refusesToSignForAnOrganisationThatIsNotAParty() {
    assertThatThrownBy(
            () -> ProtocolSigning.sign(protocol, OdsCode.of("RZZ"), TestSigningKey.of("RZZ")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "RZZ is not a party to the protocol northmoor-integrated-care 1.0.0, so it cannot sign"
                + " it.");
  }

  @Test
  void writesAndReadsTheSignaturesFile() {
    List<ProtocolSignature> signatures = signAll(protocol);
    String json = ProtocolSignatures.write(signatures);
    assertThat(ProtocolSignatures.read("protocol.signatures.json", json)).isEqualTo(signatures);
    assertThat(json).contains("\"protocol-sha256\"").endsWith("\n");
  }

  @Test
  void reportsEveryBadSignatureEntryWithItsLine() {
    String json =
        """
        [
          {"party": "RXA", "key": "nope", "protocol-sha256": "%s", "signature": "AA=="},
          {"party": "RXA"}
        ]
        """
            .formatted(protocol.ref().sha256());
    assertThatThrownBy(() -> ProtocolSignatures.read("protocol.signatures.json", json))
        .isInstanceOf(InvalidProtocolException.class)
        .hasMessageContaining(
            "protocol.signatures.json:2:3: Signature 1: A verifier key is <name>+<key id>+<base64"
                + " key>.")
        .hasMessageContaining(
            "protocol.signatures.json:3:3: Signature 2: the member 'key' is missing or not a"
                + " string.");
  }

  @Test
  void theExamplePartnershipIsFullySignedAndActive() {
    Protocol example = ProtocolFixture.examplePartnership();
    List<ProtocolSignature> signatures =
        ProtocolSignatures.read(
            "protocol.signatures.json", ProtocolFixture.exampleSignaturesJson());
    ActivationStatus status =
        ProtocolActivation.evaluate(example, signatures, Map.of(), AT, TestSigningKey::verifier);
    assertThat(status.isActive()).as(status.toString()).isTrue();
    assertThat(status.parties()).hasSize(5).allMatch(PartySignatureStatus::signed);
  }

  @Test
  void aNewVersionSupersedesTheOldOnlyOnceItIsActive() {
    Protocol v1 = protocol;
    String v2Yaml = yaml.replace("version: \"1.0.0\"", "version: \"1.1.0\"\nsupersedes: \"1.0.0\"");
    Protocol v2 = ProtocolReader.read("protocol.yaml", v2Yaml);
    ProtocolActivation.Candidate old =
        new ProtocolActivation.Candidate(v1, evaluate(v1, signAll(v1), Map.of()));
    List<ProtocolSignature> partly = signAll(v2);
    partly.remove(0);
    ProtocolActivation.Candidate unsigned =
        new ProtocolActivation.Candidate(v2, evaluate(v2, partly, Map.of()));
    ProtocolActivation.InForce inForce = ProtocolActivation.choose(List.of(old, unsigned));
    assertThat(inForce).isInstanceOf(ProtocolActivation.InForce.Chosen.class);
    ProtocolActivation.InForce.Chosen chosen = (ProtocolActivation.InForce.Chosen) inForce;
    assertThat(chosen.chosen().protocol().ref().version()).isEqualTo("1.0.0");
    assertThat(chosen.notes()).extracting(Reason::code).containsExactly("successor-not-active");

    ProtocolActivation.Candidate signed =
        new ProtocolActivation.Candidate(v2, evaluate(v2, signAll(v2), Map.of()));
    ProtocolActivation.InForce.Chosen next =
        (ProtocolActivation.InForce.Chosen) ProtocolActivation.choose(List.of(old, signed));
    assertThat(next.chosen().protocol().ref().version()).isEqualTo("1.1.0");
    assertThat(next.superseded()).containsExactly(old);

    assertThat(ProtocolActivation.choose(List.of(unsigned)))
        .isInstanceOf(ProtocolActivation.InForce.NoneInForce.class);
  }
}
