package org.concordat.broker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.concordat.broker.cli.CliRun;
import org.concordat.broker.cli.ExitCodes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A partner witnesses the ledger with the same jar: it cosigns only checkpoints consistent with the
 * last one it accepted, and the broker keeps the cosignatures.
 */
class WitnessIT extends BrokerITSupport {
  private static final String KEY = "../config/partnerships/example/demo-keys/XLA001.key.pem";
  private static final String KEY_NAME = "xla001.northmoor.example/protocol-demo";

  @TempDir Path temp;

  @Test
  void cosignsEachNewCheckpointThatIsConsistentWithTheLastOneAccepted() throws Exception {
    Path state = temp.resolve("witness-state");
    postNotice("rxa", notice("discharge-notice-RXA-to-XLA001.json"));
    long first = awaitCheckpointCoveringLedger();

    CliRun run1 = witness(state);
    assertThat(run1.code()).as(run1.err()).isEqualTo(ExitCodes.OK);
    assertThat(run1.out()).contains("Cosigned concordat.example/ledger/northmoor");

    postNotice("rxa", notice("discharge-notice-RXA-to-XVO001.json"));
    long second = awaitCheckpointCoveringLedger();
    assertThat(second).isGreaterThan(first);
    CliRun run2 = witness(state);
    assertThat(run2.code()).as(run2.err()).isEqualTo(ExitCodes.OK);
    assertThat(run2.out()).contains("consistent with");

    JsonNode witnesses = json(get("/api/ledger/witnesses", "ig-lead", "demo-only-ig-lead").body());
    JsonNode xla = null;
    for (JsonNode w : witnesses) {
      if (w.path("witness").asText().equals("XLA001")) {
        xla = w;
      }
    }
    assertThat(xla).as(witnesses.toString()).isNotNull();
    assertThat(xla.path("largestCosignedSize").asLong()).isGreaterThanOrEqualTo(second);
    String exported =
        json(get("/api/ledger/checkpoints", "ig-lead", "demo-only-ig-lead").body()).toString();
    assertThat(exported).contains("\u2014 " + KEY_NAME + " ");
  }

  @Test
  void refusesACheckpointSmallerThanOneAlreadyAcceptedAsARollback() throws Exception {
    Path state = temp.resolve("witness-state");
    postNotice("rxa", notice("discharge-notice-RXA-to-XLA001.json"));
    awaitCheckpointCoveringLedger();
    assertThat(witness(state).code()).isEqualTo(ExitCodes.OK);
    String[] accepted = Files.readString(state).split("\n");
    // The witness once saw a larger tree: the broker's checkpoint now looks like a rollback.
    Files.writeString(
        state,
        accepted[0] + "\n" + (Long.parseLong(accepted[1]) + 100) + "\n" + accepted[2] + "\n");

    Path alerts = temp.resolve("witness-alerts.jsonl");
    CliRun refused =
        CliRun.of(
            "witness",
            "--url=http://localhost:" + port,
            "--user=xla001",
            "--password=demo-only-xla001",
            "--key=" + KEY,
            "--key-name=" + KEY_NAME,
            "--state=" + state,
            "--alert-file=" + alerts);

    assertThat(refused.code()).isEqualTo(ExitCodes.NO);
    assertThat(refused.err()).contains("REFUSED (ROLLBACK)");
    // The witness keeps its own record, and the partnership hears of it through the broker.
    JsonNode kept = json(Files.readString(alerts).strip());
    assertThat(kept.get("reason").asText()).isEqualTo("ROLLBACK");
    assertThat(kept.get("acceptedSize").asLong()).isEqualTo(Long.parseLong(accepted[1]) + 100);
    JsonNode raised =
        json(get("/api/ledger/witness-alerts", "ig-lead", "demo-only-ig-lead").body());
    assertThat(raised.toString()).contains("\"witnessOds\":\"XLA001\"").contains("ROLLBACK");
    assertThat(raised.get(0).fieldNames())
        .toIterable()
        .containsExactlyInAnyOrder(
            "id", "witnessOds", "reason", "detail", "acceptedSize", "offeredNote", "raisedAt");
    assertThat(raised.get(0).get("acceptedSize").asLong())
        .isEqualTo(Long.parseLong(accepted[1]) + 100);
    assertThat(java.time.Instant.parse(raised.get(0).get("raisedAt").asText())).isNotNull();
  }

  @Test
  void theBrokerRejectsACosignatureByAnotherPartnersKey() {
    String note = get("/api/ledger/checkpoint", "ig-lead", "demo-only-ig-lead").body();

    var response =
        post(
            "/api/ledger/cosignatures",
            "rxm",
            "demo-only-rxm",
            "text/plain",
            (note + "\u2014 " + KEY_NAME + " AAAA\n")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));

    assertThat(response.statusCode()).isEqualTo(400);
  }

  private CliRun witness(Path state) {
    return CliRun.of(
        "witness",
        "--url=http://localhost:" + port,
        "--user=xla001",
        "--password=demo-only-xla001",
        "--key=" + KEY,
        "--key-name=" + KEY_NAME,
        "--state=" + state);
  }
}
