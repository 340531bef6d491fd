package org.concordat.protocols.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

class WitnessTest {
  static final String ORIGIN = "concordat.example/ledger";
  static final Ed25519TestKey LOG = Ed25519TestKey.fromSeed(ORIGIN, 0x11);
  static final Ed25519TestKey WITNESS = Ed25519TestKey.fromSeed("witness.rxa.example/w1", 0x33);
  static final Instant NOW = Instant.parse("2026-03-02T10:15:30.900Z");
  static final List<NoteVerifier> LOG_KEYS = List.of(LOG.noteVerifier());

  final List<byte[]> leaves = new ArrayList<>();
  final InMemoryNodeStore store = new InMemoryNodeStore();

  WitnessTest() {
    for (int i = 0; i < 20; i++) {
      byte[] leaf = MerkleHash.leafHash(ByteBuffer.allocate(4).putInt(i).array());
      leaves.add(leaf);
      store.append(leaf);
    }
  }

  Checkpoint at(int size) {
    return new Checkpoint(ORIGIN, TreeSize.of(size), store.root(TreeSize.of(size)));
  }

  ConsistencyProof proof(int older, int newer) {
    return MerkleProofs.consistency(store, TreeSize.of(older), TreeSize.of(newer));
  }

  static String signed(Checkpoint checkpoint, Signer key) {
    return SignedNote.sign(checkpoint.body(), List.of(key));
  }

  @Test
  void cosignsAConsistentCheckpointWithATlogCosignature() throws Exception {
    WitnessDecision decision =
        Witness.cosign(at(5), signed(at(12), LOG), proof(5, 12), LOG_KEYS, WITNESS, NOW);

    assertThat(decision).isInstanceOf(WitnessDecision.Cosigned.class);
    WitnessDecision.Cosigned cosigned = (WitnessDecision.Cosigned) decision;
    assertThat(cosigned.checkpoint()).isEqualTo(at(12));
    assertThat(cosigned.note()).isEqualTo(signed(at(12), LOG) + cosigned.cosignature());
    // The log's signature still opens; the cosignature is ignored as an unknown key type.
    assertThat(SignedNote.open(cosigned.note(), LOG_KEYS).verifiedBy()).containsExactly(ORIGIN);
    CosignerKey witnessKey = new CosignerKey(WITNESS.keyName(), WITNESS);
    assertThat(Cosignatures.open(cosigned.note(), List.of(witnessKey)))
        .containsExactly(
            new Cosignatures.Verified(
                WITNESS.keyName(), Instant.ofEpochSecond(NOW.getEpochSecond())));
  }

  @Test
  void signsExactlyTheCosignatureV1Message() throws Exception {
    String line = Cosignatures.line(at(12).body(), WITNESS, NOW);
    assertThat(line).startsWith("\u2014 witness.rxa.example/w1 ").endsWith("\n");
    byte[] blob = Base64.getDecoder().decode(line.substring(line.lastIndexOf(' ') + 1).strip());
    ByteBuffer buffer = ByteBuffer.wrap(blob);
    assertThat(blob).hasSize(4 + 8 + 64);
    assertThat(buffer.getInt())
        .isEqualTo(CosignerKey.keyId(WITNESS.keyName(), WITNESS.publicKey()));
    long timestamp = buffer.getLong();
    assertThat(timestamp).isEqualTo(NOW.getEpochSecond());
    byte[] signature = new byte[64];
    buffer.get(signature);
    String message = "cosignature/v1\ntime " + timestamp + "\n" + at(12).body();
    WITNESS.verify(message.getBytes(StandardCharsets.UTF_8), signature);
    assertThat(new CosignerKey(WITNESS.keyName(), WITNESS).verifierKey())
        .startsWith("witness.rxa.example/w1+")
        .isNotEqualTo(WITNESS.noteVerifier().verifierKey());
  }

  @Test
  void trustsTheFirstCheckpointOnFirstUseWithAnEmptyProof() {
    Witness witness = Witness.empty();
    WitnessDecision decision =
        witness.decide(signed(at(7), LOG), proof(0, 7), LOG_KEYS, WITNESS, NOW);
    assertThat(decision).isInstanceOf(WitnessDecision.Cosigned.class);
    Witness next = witness.accept((WitnessDecision.Cosigned) decision);
    assertThat(next.latest(ORIGIN)).contains(at(7));
    assertThat(next.decide(signed(at(9), LOG), proof(7, 9), LOG_KEYS, WITNESS, NOW))
        .isInstanceOf(WitnessDecision.Cosigned.class);
  }

  @Test
  void recosignsTheSameCheckpoint() {
    assertThat(Witness.cosign(at(7), signed(at(7), LOG), proof(7, 7), LOG_KEYS, WITNESS, NOW))
        .isInstanceOf(WitnessDecision.Cosigned.class);
  }

  @Test
  void refusesAForkOfTheSameSize() {
    Checkpoint forked = new Checkpoint(ORIGIN, TreeSize.of(7), MerkleHash.leafHash(new byte[1]));
    assertRefused(
        Witness.cosign(at(7), signed(forked, LOG), proof(7, 7), LOG_KEYS, WITNESS, NOW),
        WitnessDecision.Refusal.FORK);
  }

  @Test
  void refusesARollbackToASmallerSize() {
    assertRefused(
        Witness.cosign(at(12), signed(at(7), LOG), proof(7, 12), LOG_KEYS, WITNESS, NOW),
        WitnessDecision.Refusal.ROLLBACK);
  }

  @Test
  void refusesACheckpointThatDoesNotExtendTheAcceptedOne() {
    Checkpoint other = new Checkpoint(ORIGIN, TreeSize.of(12), MerkleHash.leafHash(new byte[2]));
    assertRefused(
        Witness.cosign(at(5), signed(other, LOG), proof(5, 12), LOG_KEYS, WITNESS, NOW),
        WitnessDecision.Refusal.INCONSISTENT);
  }

  @Test
  void refusesAProofFromAnotherSize() {
    assertRefused(
        Witness.cosign(at(5), signed(at(12), LOG), proof(6, 12), LOG_KEYS, WITNESS, NOW),
        WitnessDecision.Refusal.STALE_PROOF);
  }

  @Test
  void refusesACheckpointNotSignedByTheLog() {
    Ed25519TestKey impostor = Ed25519TestKey.fromSeed(ORIGIN, 0x44);
    assertRefused(
        Witness.cosign(at(5), signed(at(12), impostor), proof(5, 12), LOG_KEYS, WITNESS, NOW),
        WitnessDecision.Refusal.BAD_SIGNATURE);
  }

  @Test
  void refusesACheckpointOfAnotherLog() {
    Checkpoint other = new Checkpoint("other.example/log", TreeSize.of(12), at(12).rootHash());
    assertRefused(
        Witness.cosign(at(5), signed(other, LOG), proof(5, 12), LOG_KEYS, WITNESS, NOW),
        WitnessDecision.Refusal.WRONG_ORIGIN);
  }

  private static void assertRefused(WitnessDecision decision, WitnessDecision.Refusal reason) {
    assertThat(decision)
        .isInstanceOfSatisfying(
            WitnessDecision.Refused.class,
            refused -> assertThat(refused.reason()).as(refused.detail()).isEqualTo(reason));
  }
}
