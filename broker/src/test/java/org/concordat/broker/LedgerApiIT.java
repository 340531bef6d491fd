package org.concordat.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import org.concordat.protocols.ledger.ConsistencyProof;
import org.concordat.protocols.ledger.InclusionProof;
import org.concordat.protocols.ledger.LeafIndex;
import org.concordat.protocols.ledger.MerkleProofs;
import org.concordat.protocols.ledger.TreeSize;
import org.junit.jupiter.api.Test;

/**
 * The signed checkpoint is checked here as an outside auditor would: with the JDK's own Ed25519 and
 * an RFC 6962 tree hash written in the test, from nothing but the API's answers.
 */
class LedgerApiIT extends BrokerITSupport {
  private static final String IG = "ig-lead";
  private static final String IG_PASSWORD = "demo-only-ig-lead";

  @Test
  void signsCheckpointThatAnAuditorCanVerifyFromEntriesAndKey() throws Exception {
    postNotice("rxa", notice("discharge-notice-RXA-to-XLA001.json"));
    postNotice("rxa", notice("discharge-notice-RXA-to-XVO001.json"));
    long size = jdbc.sql("SELECT next_index FROM ledger_head").query(Long.class).single();

    String note =
        await()
            .atMost(Duration.ofSeconds(20))
            .until(
                () -> get("/api/ledger/checkpoint", IG, IG_PASSWORD),
                r -> r.statusCode() == 200 && treeSize(r.body()) >= size)
            .body();
    String[] parts = note.split("\n\n", 2);
    String body = parts[0] + "\n";
    String[] lines = parts[0].split("\n");
    assertThat(lines[0]).isEqualTo("concordat.example/ledger/northmoor");
    long checkpointSize = Long.parseLong(lines[1]);
    byte[] root = Base64.getDecoder().decode(lines[2]);

    HttpResponse<String> entries =
        get("/api/ledger/entries?start=0&end=" + checkpointSize, IG, IG_PASSWORD);
    assertThat(entries.statusCode()).isEqualTo(200);
    List<byte[]> leaves = new ArrayList<>();
    for (String line : entries.body().split("\n")) {
      leaves.add(leafHash(line.getBytes(StandardCharsets.UTF_8)));
    }
    assertThat(leaves).hasSize((int) checkpointSize);
    assertThat(root).isEqualTo(treeHash(leaves));

    // Every entry is provably in the checkpointed tree, and the tree grew append-only.
    for (int index = 0; index < checkpointSize; index++) {
      JsonNode proof =
          json(
              get(
                      "/api/ledger/proof/inclusion?index=" + index + "&size=" + checkpointSize,
                      IG,
                      IG_PASSWORD)
                  .body());
      MerkleProofs.verifyInclusion(
          leaves.get(index),
          new InclusionProof(
              LeafIndex.of(index), TreeSize.of(checkpointSize), base64List(proof.path("hashes"))),
          root);
    }
    JsonNode consistency =
        json(
            get("/api/ledger/proof/consistency?from=1&to=" + checkpointSize, IG, IG_PASSWORD)
                .body());
    MerkleProofs.verifyConsistency(
        leaves.get(0),
        new ConsistencyProof(
            TreeSize.of(1), TreeSize.of(checkpointSize), base64List(consistency.path("hashes"))),
        root);

    String verifierKey = get("/api/ledger/keys", IG, IG_PASSWORD).body().strip();
    String[] keyParts = verifierKey.split("\\+", 3);
    assertThat(keyParts[0]).isEqualTo("concordat.example/ledger/northmoor");
    byte[] typedKey = Base64.getDecoder().decode(keyParts[2]);
    assertThat(typedKey[0]).isEqualTo((byte) 0x01);
    byte[] publicKey = Arrays.copyOfRange(typedKey, 1, typedKey.length);

    String signatureLine = parts[1].strip();
    assertThat(signatureLine).startsWith("\u2014 concordat.example/ledger/northmoor ");
    byte[] signed =
        Base64.getDecoder().decode(signatureLine.substring(signatureLine.lastIndexOf(' ') + 1));
    assertThat(HexFormat.of().formatHex(signed, 0, 4)).isEqualTo(keyParts[1]);
    Signature ed25519 = Signature.getInstance("Ed25519");
    ed25519.initVerify(jdkPublicKey(publicKey));
    ed25519.update(body.getBytes(StandardCharsets.UTF_8));
    assertThat(ed25519.verify(Arrays.copyOfRange(signed, 4, signed.length))).isTrue();
  }

  @Test
  void refusesEntryRangesPastTheEndWithAProblemDetail() {
    long size = jdbc.sql("SELECT next_index FROM ledger_head").query(Long.class).single();
    HttpResponse<String> response =
        get("/api/ledger/entries?start=0&end=" + (size + 5), IG, IG_PASSWORD);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response.body()).path("detail").asText()).contains("past the end");
  }

  private static List<byte[]> base64List(JsonNode hashes) {
    List<byte[]> decoded = new ArrayList<>();
    hashes.forEach(h -> decoded.add(Base64.getDecoder().decode(h.asText())));
    return decoded;
  }

  @Test
  void refusesAnInclusionProofBeyondTheLedgerWithAProblemDetail() {
    HttpResponse<String> response =
        get("/api/ledger/proof/inclusion?index=5&size=999999", IG, IG_PASSWORD);

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response.body()).path("detail").asText()).contains("inclusion proof needs");
  }

  private static long treeSize(String note) {
    return Long.parseLong(note.split("\n")[1]);
  }

  private static PublicKey jdkPublicKey(byte[] raw) throws Exception {
    byte[] spki = HexFormat.of().parseHex("302a300506032b6570032100");
    byte[] encoded = Arrays.copyOf(spki, spki.length + raw.length);
    System.arraycopy(raw, 0, encoded, spki.length, raw.length);
    return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(encoded));
  }

  private static byte[] leafHash(byte[] entry) throws Exception {
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    sha.update((byte) 0);
    return sha.digest(entry);
  }

  /** RFC 6962 section 2.1 MTH, written out independently of the broker's code. */
  private static byte[] treeHash(List<byte[]> leaves) throws Exception {
    if (leaves.size() == 1) {
      return leaves.get(0);
    }
    int split = Integer.highestOneBit(leaves.size() - 1);
    MessageDigest sha = MessageDigest.getInstance("SHA-256");
    sha.update((byte) 1);
    sha.update(treeHash(leaves.subList(0, split)));
    sha.update(treeHash(leaves.subList(split, leaves.size())));
    return sha.digest();
  }
}
