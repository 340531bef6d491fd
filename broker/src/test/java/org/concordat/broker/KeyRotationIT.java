package org.concordat.broker;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;
import org.concordat.adapters.crypto.BouncyCastleEd25519Verifier;
import org.concordat.broker.cli.ConcordatCommand;
import org.concordat.broker.cli.ExitCodes;
import org.concordat.protocols.keys.VerifierKey;
import org.concordat.protocols.ledger.InvalidSignatureException;
import org.concordat.protocols.ledger.NoteVerifier;
import org.concordat.protocols.ledger.SignedNote;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Key rotation and protocol signatures: the ledger records what changed who may sign or agree. */
class KeyRotationIT extends BrokerITSupport {
  private static final String IG = "ig-lead";

  @TempDir Path out;

  private static NoteVerifier verifier(String key) {
    VerifierKey parsed = VerifierKey.parse(key);
    return new NoteVerifier(parsed.name(), new BouncyCastleEd25519Verifier(parsed.publicKey()));
  }

  private List<String> keys() {
    return get("/api/ledger/keys", IG, "demo-only-" + IG).body().strip().lines().toList();
  }

  @Test
  void aRotationIsRecordedAndVouchedForByTheOldKeyBeforeTheNewKeySigns() throws Exception {
    postNotice("rxa", notice("discharge-notice-RXA-to-XLA001.json"));
    String oldKey = keys().get(0);

    HttpResponse<String> refused =
        post("/api/ledger/key-rotation", IG, "demo-only-" + IG, "application/json", new byte[0]);
    assertThat(refused.statusCode()).isEqualTo(403);
    HttpResponse<String> rotated =
        post(
            "/api/ledger/key-rotation",
            "admin",
            "demo-only-admin",
            "application/json",
            new byte[0]);
    assertThat(rotated.statusCode()).as(rotated.body()).isEqualTo(200);
    JsonNode answer = json(rotated.body());
    long index = answer.get("ledgerIndex").asLong();
    String newKey = answer.get("newKey").asText();
    assertThat(answer.get("oldKey").asText()).isEqualTo(oldKey);
    assertThat(newKey).isNotEqualTo(oldKey).startsWith(oldKey.substring(0, oldKey.indexOf('+')));

    // The keys served: the new one first, then the one it replaced.
    assertThat(keys()).containsExactly(newKey, oldKey);
    // The rotation entry, as stored, names both keys.
    JsonNode entry =
        json(
            get("/api/ledger/entries?start=" + index + "&end=" + (index + 1), IG, "demo-only-" + IG)
                .body()
                .strip());
    assertThat(entry.get("type").asText()).isEqualTo("key-rotation");
    assertThat(entry.get("body").get("oldKey").asText()).isEqualTo(oldKey);
    assertThat(entry.get("body").get("newKey").asText()).isEqualTo(newKey);
    // A checkpoint covering the rotation is signed by the old key (and not the new one).
    String covering =
        jdbc.sql("SELECT signed_note FROM ledger_checkpoint WHERE tree_size > ? ORDER BY tree_size")
            .param(index)
            .query(String.class)
            .list()
            .get(0);
    SignedNote.open(covering, List.of(verifier(oldKey)));
    assertThatThrownBy(() -> SignedNote.open(covering, List.of(verifier(newKey))))
        .isInstanceOf(InvalidSignatureException.class);

    // From then on the new key signs.
    postNotice("rxa", notice("discharge-notice-RXA-to-XLA001.json"));
    long size = awaitCheckpointCoveringLedger();
    String latest = get("/api/ledger/checkpoint", IG, "demo-only-" + IG).body();
    assertThat(Long.parseLong(latest.split("\n")[1])).isGreaterThanOrEqualTo(size);
    SignedNote.open(latest, List.of(verifier(newKey)));

    // An auditor with the exported keys verifies every checkpoint, before and after.
    StringWriter stdout = new StringWriter();
    StringWriter stderr = new StringWriter();
    int exported =
        ConcordatCommand.run(
            new String[] {
              "ledger",
              "export",
              "--url=http://localhost:" + port,
              "--user=" + IG,
              "--password=demo-only-" + IG,
              "--out=" + out
            },
            new PrintWriter(stdout),
            new PrintWriter(stderr));
    assertThat(exported).as(stderr.toString()).isEqualTo(ExitCodes.OK);
    int verified =
        ConcordatCommand.run(
            new String[] {"ledger", "verify", out.toString()},
            new PrintWriter(stdout),
            new PrintWriter(stderr));
    assertThat(verified).as(stderr.toString() + stdout).isEqualTo(ExitCodes.OK);
    assertThat(new String(java.nio.file.Files.readAllBytes(out.resolve("keys")), UTF_8))
        .contains(oldKey)
        .contains(newKey);
  }

  @Test
  void theLedgerRecordsEachPartysSignatureOfTheProtocolInForceOnce() {
    List<JsonNode> signed =
        jdbc
            .sql("SELECT entry_bytes FROM ledger_entry WHERE entry_type = 'protocol-signed'")
            .query((rs, row) -> json(new String(rs.getBytes(1), UTF_8)))
            .list()
            .stream()
            // A party that withdrew and rejoined signed a rejoin statement, recorded besides.
            .filter(e -> !e.get("body").path("reason").asText().contains("to rejoin after"))
            .toList();
    JsonNode protocol = json(get("/api/protocol", IG, "demo-only-" + IG).body());
    assertThat(signed)
        .extracting(e -> e.get("body").get("party").asText())
        .containsExactlyInAnyOrder("QXN", "RXA", "RXM", "XLA001", "XVO001");
    assertThat(signed)
        .allSatisfy(
            e -> {
              assertThat(e.get("body").get("protocol").get("version").asText()).isEqualTo("2.0.0");
              assertThat(protocol.toString())
                  .contains(e.get("body").get("protocol").get("sha256").asText());
              assertThat(e.get("body").get("actor").get("role").asText())
                  .isEqualTo("protocol-signatory");
            });
  }
}
