package org.concordat.protocols.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import org.concordat.protocols.decision.Reason;
import org.concordat.protocols.sharing.CategoryCode;
import org.concordat.protocols.sharing.OdsCode;
import org.concordat.protocols.sharing.ProtocolRef;
import org.concordat.protocols.sharing.PurposeCode;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every tamper case in vectors/ledger-verify/tamper.json, against one base export. */
class LedgerVerifierTest {
  static final String ORIGIN = "concordat.example/ledger";
  static final Ed25519TestKey LOG_KEY = Ed25519TestKey.fromSeed(ORIGIN, 0x11);
  static final Ed25519TestKey OTHER_KEY = Ed25519TestKey.fromSeed("stranger.example/ledger", 0x22);
  static final List<Integer> CHECKPOINT_SIZES = List.of(4, 7, 10);

  static byte[] entry(int index) {
    DisclosureBody body =
        new DisclosureBody(
            String.format("msg-%04d", index),
            OdsCode.of("RXA"),
            OdsCode.of("XLA001"),
            PurposeCode.of("hospital-discharge"),
            "permit",
            List.of(new Reason("flow-matched", "The protocol has a flow for this.")),
            new ProtocolRef("northmoor-integrated-care", "1.0.0", "ab".repeat(32)),
            new SubjectKey("5f".repeat(32)),
            "c3".repeat(32),
            Set.of(CategoryCode.of("demographics")),
            Map.of());
    return new LedgerEntry(
            index,
            Instant.parse("2026-03-02T10:15:30.123Z").plusSeconds(index),
            EntryType.DISCLOSURE,
            body)
        .canonicalBytes();
  }

  static List<byte[]> entries(int count) {
    List<byte[]> entries = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      entries.add(entry(i));
    }
    return entries;
  }

  static Checkpoint checkpoint(List<byte[]> entries, int size) {
    List<byte[]> leaves = new ArrayList<>();
    for (byte[] entry : entries.subList(0, size)) {
      leaves.add(MerkleHash.leafHash(entry));
    }
    return new Checkpoint(ORIGIN, TreeSize.of(size), MerkleHash.root(leaves));
  }

  static String note(Checkpoint checkpoint, Signer key) {
    return SignedNote.sign(checkpoint.body(), List.of(key));
  }

  static Stream<Named<JsonNode>> vectors() throws IOException {
    try (InputStream in =
        Objects.requireNonNull(
            LedgerVerifierTest.class.getResourceAsStream("/vectors/ledger-verify/tamper.json"))) {
      List<Named<JsonNode>> out = new ArrayList<>();
      for (JsonNode vector : new ObjectMapper().readTree(in)) {
        out.add(Named.of(vector.get("desc").asText(), vector));
      }
      return out.stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void detectsEachTamperingAndNamesThePlace(JsonNode vector) throws Exception {
    List<byte[]> pristine = entries(vector.path("entries").asInt(10));
    List<String> notes = new ArrayList<>();
    for (int size : CHECKPOINT_SIZES) {
      notes.add(note(checkpoint(pristine, size), LOG_KEY));
    }
    List<byte[]> leafHashes = pristine.stream().map(MerkleHash::leafHash).toList();
    List<byte[]> entries = new ArrayList<>(pristine);
    JsonNode tamper = vector.get("tamper");
    int at = tamper.path("index").asInt();
    int noteAt = CHECKPOINT_SIZES.indexOf(tamper.path("checkpoint").asInt());
    switch (tamper.get("op").asText()) {
      case "none" -> {}
      case "change-field" -> {
        String text = new String(entries.get(at), StandardCharsets.UTF_8);
        String changed =
            text.replaceFirst(
                java.util.regex.Pattern.quote(tamper.get("from").asText()),
                java.util.regex.Matcher.quoteReplacement(tamper.get("to").asText()));
        assertThat(changed).isNotEqualTo(text);
        entries.set(at, changed.getBytes(StandardCharsets.UTF_8));
      }
      case "delete" -> entries.remove(at);
      case "swap" -> entries.set(at, entries.set(at + 1, entries.get(at)));
      case "duplicate" -> entries.add(at + 1, entries.get(at));
      case "truncate" -> entries.subList(tamper.get("keep").asInt(), entries.size()).clear();
      case "replace-signature" -> notes.set(noteAt, replaceSignature(notes.get(noteAt)));
      case "unknown-key" ->
          notes.set(noteAt, note(checkpoint(pristine, CHECKPOINT_SIZES.get(noteAt)), OTHER_KEY));
      case "fork" -> {
        List<byte[]> forked = new ArrayList<>(pristine);
        forked.set(0, entry(99));
        notes.add(note(checkpoint(forked, CHECKPOINT_SIZES.get(noteAt)), LOG_KEY));
      }
      case "other-origin" -> {
        Checkpoint real = checkpoint(pristine, CHECKPOINT_SIZES.get(noteAt));
        notes.set(
            noteAt,
            note(new Checkpoint("other.example/ledger", real.size(), real.rootHash()), LOG_KEY));
      }
      case "no-checkpoints" -> notes.clear();
      default -> throw new IllegalArgumentException("Unknown tamper op in " + vector);
    }

    LedgerVerifier verifier = new LedgerVerifier(ORIGIN, List.of(LOG_KEY.noteVerifier()));
    List<Long> progress = new ArrayList<>();
    boolean stored = vector.path("storedLeafHashes").asBoolean(false);
    List<StoredEntry> storedEntries = new ArrayList<>();
    for (int i = 0; i < entries.size(); i++) {
      storedEntries.add(
          new StoredEntry(entries.get(i), leafHashes.get(Math.min(i, leafHashes.size() - 1))));
    }
    JsonNode wantErr = vector.get("wantErr");
    if (wantErr.isNull()) {
      VerifiedLedger verified = verifier.verify(entries.iterator(), notes, progress::add);
      assertThat(verified.entries()).isEqualTo(TreeSize.of(entries.size()));
      assertThat(verified.latest().size()).isEqualTo(TreeSize.of(10));
      assertThat(verified.uncovered()).isEqualTo(entries.size() - 10);
      assertThat(progress).last().isEqualTo((long) entries.size());
      return;
    }
    assertThatThrownBy(
            () -> {
              if (stored) {
                verifier.verifyStored(storedEntries.iterator(), notes, progress::add);
              } else {
                verifier.verify(entries.iterator(), notes, progress::add);
              }
            })
        .isInstanceOfSatisfying(
            LedgerVerificationException.class,
            e -> {
              assertThat(e.failure().name()).as(e.getMessage()).isEqualTo(wantErr.asText());
              if (vector.has("wantIndex")) {
                assertThat(e.entryIndex()).hasValue(vector.get("wantIndex").asLong());
                assertThat(e.getMessage()).startsWith("Entry " + vector.get("wantIndex"));
              }
              if (vector.has("wantCheckpoint")) {
                assertThat(e.checkpointSize())
                    .contains(TreeSize.of(vector.get("wantCheckpoint").asLong()));
                assertThat(e.getMessage())
                    .startsWith("Checkpoint of size " + vector.get("wantCheckpoint"));
              }
            });
  }

  /** The same key's signature over a different message: right key id, wrong signature. */
  private static String replaceSignature(String note) {
    int dash = note.lastIndexOf("\u2014 ");
    String line = note.substring(dash, note.length() - 1);
    String name = line.substring(2, line.indexOf(' ', 2));
    byte[] blob = Base64.getDecoder().decode(line.substring(line.indexOf(' ', 2) + 1));
    byte[] forged = LOG_KEY.sign("something else\n".getBytes(StandardCharsets.UTF_8));
    System.arraycopy(forged, 0, blob, 4, forged.length);
    return note.substring(0, dash)
        + "\u2014 "
        + name
        + " "
        + Base64.getEncoder().encodeToString(blob)
        + "\n";
  }

  @Test
  void reportsProgressEveryFewThousandEntries() throws Exception {
    List<byte[]> entries = entries(LedgerVerifier.PROGRESS_EVERY * 2 + 5);
    List<Long> progress = new ArrayList<>();
    new LedgerVerifier(ORIGIN, List.of(LOG_KEY.noteVerifier()))
        .verify(
            entries.iterator(),
            List.of(note(checkpoint(entries, entries.size()), LOG_KEY)),
            progress::add);
    assertThat(progress)
        .containsExactly(
            (long) LedgerVerifier.PROGRESS_EVERY,
            2L * LedgerVerifier.PROGRESS_EVERY,
            (long) entries.size());
  }
}
