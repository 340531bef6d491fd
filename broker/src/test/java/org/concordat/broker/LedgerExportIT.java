package org.concordat.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.concordat.broker.cli.CliRun;
import org.concordat.broker.cli.ConcordatCommand;
import org.concordat.broker.cli.ExitCodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ledger export} against a running broker writes exactly what the ledger holds. */
class LedgerExportIT extends BrokerITSupport {
  @TempDir Path out;

  @Test
  void exportsEntriesCheckpointsAndKeysExactlyAsStored() throws Exception {
    postNotice("rxa", notice("discharge-notice-RXA-to-XLA001.json"));
    awaitCheckpointCoveringLedger();

    StringWriter stdout = new StringWriter();
    StringWriter stderr = new StringWriter();
    int code =
        ConcordatCommand.run(
            new String[] {
              "ledger",
              "export",
              "--url=http://localhost:" + port,
              "--user=ig-lead",
              "--password=demo-only-ig-lead",
              "--out=" + out
            },
            new PrintWriter(stdout),
            new PrintWriter(stderr));

    assertThat(code).as(stderr.toString()).isEqualTo(ExitCodes.OK);
    String checkpoint = Files.readString(out.resolve("checkpoint"));
    long exported = Long.parseLong(checkpoint.split("\n")[1]);
    List<byte[]> stored =
        jdbc.sql("SELECT entry_bytes FROM ledger_entry WHERE entry_index < ? ORDER BY entry_index")
            .param(exported)
            .query((rs, row) -> rs.getBytes(1))
            .list();
    List<String> lines = Files.readAllLines(out.resolve("entries.jsonl"));
    assertThat(lines).hasSize((int) exported);
    for (int i = 0; i < lines.size(); i++) {
      assertThat(lines.get(i))
          .isEqualTo(new String(stored.get(i), java.nio.charset.StandardCharsets.UTF_8));
    }
    assertThat(Files.readString(out.resolve("keys")))
        .startsWith("concordat.example/ledger/northmoor+");
    assertThat(out.resolve("checkpoints").resolve(Long.toString(exported))).hasContent(checkpoint);
    assertThat(stdout.toString()).contains("Exported " + exported + " entries");
  }

  @Test
  void verifiesAnExportAndNamesTheFirstEntryThatWasAltered() throws Exception {
    postNotice("rxa", notice("discharge-notice-RXA-to-XVO001.json"));
    postNotice("rxa", notice("discharge-notice-RXA-to-XLA001.json"));
    awaitCheckpointCoveringLedger();
    assertThat(
            CliRun.of(
                    "ledger",
                    "export",
                    "--url=http://localhost:" + port,
                    "--user=ig-lead",
                    "--password=demo-only-ig-lead",
                    "--out=" + out)
                .code())
        .isEqualTo(ExitCodes.OK);

    CliRun verified = CliRun.of("ledger", "verify", out.toString());
    assertThat(verified.code()).as(verified.err()).isEqualTo(ExitCodes.OK);
    assertThat(verified.out()).startsWith("OK: ");

    List<String> lines =
        new java.util.ArrayList<>(Files.readAllLines(out.resolve("entries.jsonl")));
    int victim = lines.size() - 1;
    lines.set(
        victim, lines.get(victim).replace("\"recipient\":\"XLA001\"", "\"recipient\":\"XVO001\""));
    Files.write(out.resolve("entries.jsonl"), lines);

    CliRun tampered = CliRun.of("ledger", "verify", out.toString());
    assertThat(tampered.code()).isEqualTo(ExitCodes.NO);
    assertThat(tampered.err()).contains("FAILED").contains(Integer.toString(victim));

    CliRun direct =
        CliRun.of(
            "ledger",
            "verify",
            "--url=http://localhost:" + port,
            "--user=ig-lead",
            "--password=demo-only-ig-lead");
    assertThat(direct.code()).as(direct.err()).isEqualTo(ExitCodes.OK);
  }

  @Test
  void failsWithThreeAndSaysWhyWhenTheCredentialsAreWrong() {
    StringWriter stderr = new StringWriter();
    int code =
        ConcordatCommand.run(
            new String[] {
              "ledger",
              "export",
              "--url=http://localhost:" + port,
              "--user=ig-lead",
              "--password=wrong",
              "--out=" + out
            },
            new PrintWriter(new StringWriter()),
            new PrintWriter(stderr));

    assertThat(code).isEqualTo(ExitCodes.FAILURE);
    assertThat(stderr.toString()).contains("HTTP 401");
  }
}
