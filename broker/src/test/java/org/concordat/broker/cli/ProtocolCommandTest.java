package org.concordat.broker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The protocol commands as a script sees them: output, errors with file and line, exit codes. */
class ProtocolCommandTest {
  static final Path EXAMPLE = Path.of("../config/partnerships/example/protocol.yaml");

  @TempDir Path temp;

  @Test
  void validatesTheExamplePartnership() {
    CliRun result = CliRun.of("protocol", "validate", EXAMPLE.toString());

    assertThat(result.code()).as(result.err()).isEqualTo(ExitCodes.OK);
    assertThat(result.out()).contains("northmoor-integrated-care").contains("is valid (sha256 ");
  }

  @Test
  void reportsAnUnknownPartyWithFileLineAndColumn() throws IOException {
    List<String> lines = Files.readAllLines(EXAMPLE);
    int index = -1;
    for (int i = 0; i < lines.size(); i++) {
      if (lines.get(i).strip().equals("to: XLA001")) {
        index = i;
        break;
      }
    }
    assertThat(index).as("the example has a flow to XLA001").isGreaterThan(0);
    String original = lines.get(index);
    lines.set(index, original.replace("XLA001", "XZZ999"));
    Path broken = temp.resolve("broken.yaml");
    Files.write(broken, lines);

    CliRun result = CliRun.of("protocol", "validate", broken.toString());

    assertThat(result.code()).isEqualTo(ExitCodes.NO);
    int column = original.indexOf("XLA001") + 1;
    assertThat(result.err()).contains("broken.yaml:" + (index + 1) + ":" + column + ": ");
    assertThat(result.err()).contains("XZZ999");
  }

  @Test
  void explainsAPermittedFlowWithItsWithheldCategories() {
    CliRun result =
        CliRun.of(
            "protocol",
            "explain",
            EXAMPLE.toString(),
            "--from=RXA",
            "--to=XLA001",
            "--purpose=hospital-discharge",
            "--category=demographics",
            "--category=contacts",
            "--at=2026-06-01T09:00:00Z");

    assertThat(result.code()).as(result.err()).isEqualTo(ExitCodes.OK);
    assertThat(result.out())
        .startsWith("PERMIT-WITH-REDACTIONS under northmoor-integrated-care")
        .contains("permitted: [demographics]")
        .contains("withheld contacts [category-not-in-flow]");
  }

  @Test
  void explainsADenialAndExitsWithOne() {
    CliRun result =
        CliRun.of(
            "protocol",
            "explain",
            EXAMPLE.toString(),
            "--from=RXA",
            "--to=XVO001",
            "--purpose=hospital-discharge",
            "--at=2026-06-01T09:00:00Z");

    assertThat(result.code()).isEqualTo(ExitCodes.NO);
    assertThat(result.out()).startsWith("DENY under").contains("[no-matching-flow]");
  }

  /** The example protocol with every signature but XVO001's: four of five parties signed. */
  private Path signedByFourOfFive() throws IOException {
    Path protocol = temp.resolve("protocol.yaml");
    Files.copy(EXAMPLE, protocol);
    Path signatures = EXAMPLE.resolveSibling("protocol.signatures.json");
    com.fasterxml.jackson.databind.ObjectMapper json =
        new com.fasterxml.jackson.databind.ObjectMapper();
    com.fasterxml.jackson.databind.node.ArrayNode all =
        (com.fasterxml.jackson.databind.node.ArrayNode) json.readTree(signatures.toFile());
    com.fasterxml.jackson.databind.node.ArrayNode four = json.createArrayNode();
    all.forEach(
        signature -> {
          if (!signature.get("party").asText().equals("XVO001")) {
            four.add(signature);
          }
        });
    assertThat(four).hasSize(all.size() - 1);
    json.writeValue(temp.resolve("protocol.signatures.json").toFile(), four);
    return protocol;
  }

  @Test
  void explainDeniesEverythingUnderAProtocolNotEveryPartyHasSigned() throws IOException {
    Path protocol = signedByFourOfFive();
    CliRun verify = CliRun.of("protocol", "verify", protocol.toString());
    assertThat(verify.out()).contains("is NOT IN FORCE");

    CliRun result =
        CliRun.of(
            "protocol",
            "explain",
            protocol.toString(),
            "--from=RXA",
            "--to=XLA001",
            "--purpose=hospital-discharge",
            "--category=demographics",
            "--at=2026-06-01T09:00:00Z");

    assertThat(result.code()).as(result.err()).isEqualTo(ExitCodes.NO);
    assertThat(result.out())
        .startsWith("DENY under northmoor-integrated-care")
        .contains("[no-active-protocol]")
        .contains("XVO001 has not signed");
  }

  @Test
  void explainsAnUnsignedDraftWithAWarningWhenAskedTo() throws IOException {
    Path protocol = signedByFourOfFive();

    CliRun result =
        CliRun.of(
            "protocol",
            "explain",
            protocol.toString(),
            "--draft",
            "--from=RXA",
            "--to=XLA001",
            "--purpose=hospital-discharge",
            "--category=demographics",
            "--at=2026-06-01T09:00:00Z");

    assertThat(result.code()).as(result.err()).isEqualTo(ExitCodes.OK);
    assertThat(result.out()).startsWith("PERMIT under northmoor-integrated-care");
    assertThat(result.err()).startsWith("warning: --draft");
  }

  @Test
  void refusesAMalformedOdsCodeAsUsage() {
    CliRun result =
        CliRun.of(
            "protocol",
            "explain",
            EXAMPLE.toString(),
            "--from=rxa!",
            "--to=XLA001",
            "--purpose=hospital-discharge");

    assertThat(result.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.err()).contains("ODS code");
  }

  @Test
  void failsWithThreeWhenTheFileCannotBeRead() {
    CliRun result = CliRun.of("protocol", "validate", temp.resolve("missing.yaml").toString());

    assertThat(result.code()).isEqualTo(ExitCodes.FAILURE);
    assertThat(result.err()).contains("missing.yaml");
  }

  @Test
  void servesWhenGivenNoCommandOrOnlyServerOptions() {
    assertThat(ConcordatCommand.isCommand(new String[] {})).isFalse();
    assertThat(ConcordatCommand.isCommand(new String[] {"serve", "--server.port=9090"})).isFalse();
    assertThat(ConcordatCommand.isCommand(new String[] {"--server.port=9090"})).isFalse();
    assertThat(ConcordatCommand.isCommand(new String[] {"--help"})).isTrue();
    assertThat(ConcordatCommand.isCommand(new String[] {"protocol", "validate", "x"})).isTrue();
    assertThat(ConcordatCommand.isCommand(new String[] {"frobnicate"})).isTrue();
  }

  @Test
  void saysATopLevelCommandIsUnknownAndExitsWithTwo() {
    CliRun result = CliRun.of("pki");

    assertThat(result.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.out()).isEmpty();
    assertThat(result.err()).startsWith("concordat: unknown command 'pki'").contains("Usage:");
  }

  @Test
  void saysACommandIsUnknownEvenWhenHelpIsAskedFor() {
    CliRun result = CliRun.of("pki", "--help");

    assertThat(result.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.err()).startsWith("concordat: unknown command 'pki'");
  }

  @Test
  void rejectsAnUnknownCommandAsUsage() {
    CliRun result = CliRun.of("protocol", "frobnicate");

    assertThat(result.code()).isEqualTo(ExitCodes.USAGE);
  }
}
