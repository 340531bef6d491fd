package org.concordat.broker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Joint agreement from the command line: {@code protocol sign}, {@code verify} and {@code diff} on
 * a copy of the example partnership and its demo keys.
 */
class ProtocolSigningCommandTest {
  static final Path EXAMPLE_DIR = Path.of("../config/partnerships/example");
  static final String AT = "--at=2026-06-01T09:00:00Z";

  @TempDir Path temp;
  Path protocol;

  @BeforeEach
  void copyExample() throws IOException {
    protocol = temp.resolve("protocol.yaml");
    Files.copy(EXAMPLE_DIR.resolve("protocol.yaml"), protocol);
    Files.copy(
        EXAMPLE_DIR.resolve("protocol.signatures.json"), temp.resolve("protocol.signatures.json"));
  }

  @Test
  void verifiesTheExampleAsInForceWithEveryPartySigned() {
    CliRun result = CliRun.of("protocol", "verify", protocol.toString(), AT);

    assertThat(result.code()).as(result.out() + result.err()).isEqualTo(ExitCodes.OK);
    assertThat(result.out()).contains("is IN FORCE");
    for (String party : new String[] {"QXN", "RXA", "RXM", "XLA001", "XVO001"}) {
      assertThat(result.out()).contains("  " + party + " VALID");
    }
  }

  @Test
  void signsTheRejoinStatementOfAWithdrawnPartyWithoutTouchingTheSignaturesFile()
      throws IOException {
    Path signatures = temp.resolve("protocol.signatures.json");
    String before = Files.readString(signatures);

    CliRun signed =
        CliRun.of(
            "protocol",
            "sign",
            protocol.toString(),
            "--key=" + EXAMPLE_DIR.resolve("demo-keys/XVO001.key.pem"),
            "--party=XVO001",
            "--rejoin-after=41");

    assertThat(signed.code()).as(signed.err()).isEqualTo(ExitCodes.OK);
    assertThat(Files.readString(signatures)).isEqualTo(before);
    com.fasterxml.jackson.databind.JsonNode json = new ObjectMapper().readTree(signed.out());
    assertThat(json.path("party").asText()).isEqualTo("XVO001");
    assertThat(json.path("withdrawal-index").asLong()).isEqualTo(41);
    org.concordat.protocols.sharing.Protocol read =
        org.concordat.protocols.sharing.ProtocolReader.read(protocol);
    org.concordat.protocols.agreement.RejoinSignature rejoin =
        new org.concordat.protocols.agreement.RejoinSignature(
            org.concordat.protocols.sharing.OdsCode.of("XVO001"),
            org.concordat.protocols.keys.VerifierKey.parse(json.path("key").asText()),
            json.path("protocol-sha256").asText(),
            json.path("withdrawal-index").asLong(),
            json.path("signature").asText());
    assertThat(
            rejoin.problems(
                read, 41, org.concordat.adapters.crypto.BouncyCastleEd25519Verifier::new))
        .isEmpty();
  }

  @Test
  void aPartyWhoseSignatureIsMissingKeepsTheProtocolOutOfForceUntilItSigns() throws IOException {
    removeSignatureOf("XLA001");

    CliRun before = CliRun.of("protocol", "verify", protocol.toString(), AT);
    assertThat(before.code()).isEqualTo(ExitCodes.NO);
    assertThat(before.out()).contains("NOT IN FORCE").contains("XLA001 MISSING");

    CliRun signed =
        CliRun.of(
            "protocol",
            "sign",
            protocol.toString(),
            "--key=" + EXAMPLE_DIR.resolve("demo-keys/XLA001.key.pem"),
            "--party=XLA001");
    assertThat(signed.code()).as(signed.err()).isEqualTo(ExitCodes.OK);
    assertThat(signed.out()).contains("XLA001 signed").contains("5 of 5 parties");

    CliRun after = CliRun.of("protocol", "verify", protocol.toString(), AT);
    assertThat(after.code()).as(after.out()).isEqualTo(ExitCodes.OK);
    assertThat(after.out()).contains("XLA001 VALID");
  }

  @Test
  void aOneCharacterChangeToTheProtocolTakesItOutOfForce() throws IOException {
    String text = Files.readString(protocol);
    Files.writeString(protocol, text.replaceFirst("title: ", "title: X"));

    CliRun result = CliRun.of("protocol", "verify", protocol.toString(), AT);

    assertThat(result.code()).isEqualTo(ExitCodes.NO);
    assertThat(result.out()).contains("NOT IN FORCE").contains("RXA OTHER_VERSION");
  }

  @Test
  void signingANewVersionKeepsTheVersionInForceSigned() throws IOException {
    Path inForce = temp.resolve("in-force.yaml");
    Files.copy(protocol, inForce);
    Files.writeString(
        protocol, Files.readString(protocol).replaceFirst("title: ", "title: Revised "));

    CliRun signed =
        CliRun.of(
            "protocol",
            "sign",
            protocol.toString(),
            "--key=" + EXAMPLE_DIR.resolve("demo-keys/XLA001.key.pem"),
            "--party=XLA001");
    assertThat(signed.code()).as(signed.err()).isEqualTo(ExitCodes.OK);
    assertThat(signed.out()).contains("1 of 5 parties");

    CliRun old = CliRun.of("protocol", "verify", inForce.toString(), AT);
    assertThat(old.code()).as(old.out()).isEqualTo(ExitCodes.OK);
    assertThat(old.out()).contains("is IN FORCE").contains("XLA001 VALID");
    CliRun revised = CliRun.of("protocol", "verify", protocol.toString(), AT);
    assertThat(revised.code()).isEqualTo(ExitCodes.NO);
    assertThat(revised.out()).contains("XLA001 VALID").contains("RXA OTHER_VERSION");
  }

  @Test
  void refusesToSignWithAKeyThePartyDidNotDeclare() {
    CliRun result =
        CliRun.of(
            "protocol",
            "sign",
            protocol.toString(),
            "--key=" + EXAMPLE_DIR.resolve("demo-keys/RXM.key.pem"),
            "--party=RXA");

    assertThat(result.code()).isEqualTo(ExitCodes.NO);
    assertThat(result.err()).contains("is not one of the signing keys").contains("RXA");
  }

  @Test
  void diffNamesARemovedFlowInReviewerTerms() throws IOException {
    Path older = temp.resolve("older.yaml");
    Files.copy(protocol, older);
    java.util.List<String> lines = new java.util.ArrayList<>(Files.readAllLines(protocol));
    int flowStart = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).strip().equals("- from: RXM")
          && lines.get(i + 1).strip().equals("to: XLA001")
          && lines.get(i + 2).strip().equals("purpose: hospital-discharge")) {
        flowStart = i;
        break;
      }
    }
    assertThat(flowStart).as("the example has RXM -> XLA001 for hospital-discharge").isPositive();
    int end = flowStart + 1;
    while (end < lines.size()
        && !lines.get(end).strip().startsWith("- ")
        && lines.get(end).startsWith(" ")) {
      end++;
    }
    lines.subList(flowStart, end).clear();
    Files.write(protocol, lines);

    CliRun result = CliRun.of("protocol", "diff", older.toString(), protocol.toString());

    assertThat(result.code()).as(result.err()).isEqualTo(ExitCodes.OK);
    assertThat(result.out()).contains("RXM").contains("XLA001").contains("hospital-discharge");
    assertThat(result.out().toLowerCase(java.util.Locale.ROOT)).contains("removed");
  }

  @Test
  void validateShowsAPassedReviewDateAsAWarningNotAnError() {
    CliRun result = CliRun.of("protocol", "validate", protocol.toString(), "--today=2099-01-01");

    assertThat(result.code()).as(result.err()).isEqualTo(ExitCodes.OK);
    assertThat(result.err()).contains("warning: ").contains("review");
    assertThat(result.out()).contains("warning(s)");
  }

  private void removeSignatureOf(String party) throws IOException {
    Path file = temp.resolve("protocol.signatures.json");
    ObjectMapper json = new ObjectMapper();
    ArrayNode signatures = (ArrayNode) json.readTree(file.toFile());
    for (int i = signatures.size() - 1; i >= 0; i--) {
      if (signatures.get(i).path("party").asText().equals(party)) {
        signatures.remove(i);
      }
    }
    json.writerWithDefaultPrettyPrinter().writeValue(file.toFile(), signatures);
  }
}
