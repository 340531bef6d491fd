package org.concordat.protocols.agreement;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.concordat.protocols.sharing.Flow;
import org.concordat.protocols.sharing.OdsCode;
import org.concordat.protocols.sharing.Protocol;
import org.concordat.protocols.sharing.ProtocolReader;
import org.concordat.protocols.sharing.PurposeCode;
import org.concordat.protocols.sharing.TestProtocols;
import org.concordat.protocols.sharing.TestSigningKey;
import org.junit.jupiter.api.Test;

/** A withdrawn party rejoins only with a signature made for that withdrawal. */
class RejoinSignatureTest {
  private static final OdsCode COUNCIL = OdsCode.of("XLA001");
  private final Protocol protocol =
      ProtocolReader.read(
          "protocol.yaml",
          TestProtocols.yaml(
              List.of(
                  new Flow(
                      OdsCode.of("RXA"),
                      COUNCIL,
                      PurposeCode.of("hospital-discharge"),
                      java.util.Set.of(
                          org.concordat.protocols.sharing.CategoryCode.of("demographics"))))));

  @Test
  void countsASignatureOfTheStatementForThisWithdrawalByTheParty() {
    RejoinSignature signature =
        RejoinSignature.sign(protocol, COUNCIL, 41, TestSigningKey.of("XLA001"));

    assertThat(signature.problems(protocol, 41, TestSigningKey::verifier)).isEmpty();
  }

  @Test
  void neverCountsTheSignatureMadeBeforeTheWithdrawal() {
    // Ed25519 is deterministic: the protocol signature is the same bytes whenever it is made.
    ProtocolSignature before = ProtocolSigning.sign(protocol, COUNCIL, TestSigningKey.of("XLA001"));
    RejoinSignature replayed =
        new RejoinSignature(COUNCIL, before.key(), before.protocolSha256(), 41, before.signature());

    assertThat(replayed.problems(protocol, 41, TestSigningKey::verifier))
        .singleElement()
        .asString()
        .contains("does not verify over the rejoin statement");
  }

  @Test
  void neverCountsASignatureForAnEarlierWithdrawal() {
    RejoinSignature earlier =
        RejoinSignature.sign(protocol, COUNCIL, 12, TestSigningKey.of("XLA001"));

    assertThat(earlier.problems(protocol, 41, TestSigningKey::verifier))
        .anySatisfy(p -> assertThat(p).contains("withdrawal is at ledger index 41"));
  }

  @Test
  void neverCountsAnotherPartysKey() {
    RejoinSignature signedByOther =
        RejoinSignature.sign(protocol, OdsCode.of("RXA"), 41, TestSigningKey.of("RXA"));
    RejoinSignature claimed =
        new RejoinSignature(
            COUNCIL,
            signedByOther.key(),
            signedByOther.protocolSha256(),
            41,
            signedByOther.signature());

    assertThat(claimed.problems(protocol, 41, TestSigningKey::verifier))
        .anySatisfy(p -> assertThat(p).contains("not one of the signing-keys of XLA001"));
  }

  @Test
  void theStatementNamesTheVersionThePartyAndTheWithdrawal() {
    assertThat(
            new String(
                RejoinSignature.statement(protocol.ref(), COUNCIL, 41),
                java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo(
            "concordat-protocol-rejoin/v1\n"
                + protocol.ref().id()
                + "\n"
                + protocol.ref().version()
                + "\n"
                + protocol.ref().sha256()
                + "\nXLA001\nwithdrawal 41\n");
  }
}
