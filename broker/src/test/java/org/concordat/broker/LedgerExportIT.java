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
  void everyExportTakenWhileTheLedgerGrowsAndCheckpointsAreSignedVerifies(@TempDir Path exports)
      throws Exception {
    java.util.concurrent.atomic.AtomicBoolean appending =
        new java.util.concurrent.atomic.AtomicBoolean(true);
    java.util.concurrent.ExecutorService appender =
        java.util.concurrent.Executors.newSingleThreadExecutor();
    long checkpointsBefore = storedCheckpoints();
    try {
      java.util.concurrent.Future<?> appends =
          appender.submit(
              () -> {
                while (appending.get()) {
                  postNotice("rxa", freshNotice());
                }
              });
      int exported = 0;
      // Export until several checkpoints were signed meanwhile (interval 500 ms here), so exports
      // overlap checkpoint signing; each one must verify on its own.
      long deadline = System.nanoTime() + java.time.Duration.ofSeconds(60).toNanos();
      while (exported < 10 || storedCheckpoints() < checkpointsBefore + 6) {
        assertThat(System.nanoTime()).as("time for the exports").isLessThan(deadline);
        assertThat(appends.isDone()).as("the appender still runs").isFalse();
        Path dir = exports.resolve("export-" + exported++);
        CliRun export =
            CliRun.of(
                "ledger",
                "export",
                "--url=http://localhost:" + port,
                "--user=ig-lead",
                "--password=demo-only-ig-lead",
                "--out=" + dir);
        assertThat(export.code()).as(export.err()).isEqualTo(ExitCodes.OK);

        CliRun verified = CliRun.of("ledger", "verify", dir.toString());

        assertThat(verified.code()).as("export %s: %s", dir, verified.err()).isEqualTo(0);
        long pinned = Long.parseLong(Files.readString(dir.resolve("checkpoint")).split("\n")[1]);
        assertThat(Files.readAllLines(dir.resolve("entries.jsonl"))).hasSize((int) pinned);
        try (var files = Files.list(dir.resolve("checkpoints"))) {
          assertThat(files.map(f -> Long.parseLong(f.getFileName().toString())))
              .allMatch(size -> size <= pinned);
        }
      }
      appending.set(false);
      appends.get();
    } finally {
      appending.set(false);
      appender.shutdownNow();
    }
  }

  private long storedCheckpoints() {
    return jdbc.sql("SELECT COUNT(*) FROM ledger_checkpoint").query(Long.class).single();
  }

  /** The sample notice under a new message id, so each one is a new disclosure. */
  private static byte[] freshNotice() {
    com.fasterxml.jackson.databind.node.ObjectNode notice =
        noticeTree("discharge-notice-RXA-to-XLA001.json");
    String messageId = java.util.UUID.randomUUID().toString();
    notice.put("id", java.util.UUID.randomUUID().toString());
    com.fasterxml.jackson.databind.node.ObjectNode header =
        (com.fasterxml.jackson.databind.node.ObjectNode) notice.path("entry").get(0);
    header.put("fullUrl", "urn:uuid:" + messageId);
    ((com.fasterxml.jackson.databind.node.ObjectNode) header.path("resource")).put("id", messageId);
    return bytes(notice);
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
