package org.concordat.broker.ledger;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.concordat.broker.ledger.LedgerRepository.StoredEntry;
import org.concordat.broker.web.InvalidRequest;
import org.concordat.protocols.ledger.ConsistencyProof;
import org.concordat.protocols.ledger.EntryType;
import org.concordat.protocols.ledger.InclusionProof;
import org.concordat.protocols.ledger.KeyRotationBody;
import org.concordat.protocols.ledger.LeafIndex;
import org.concordat.protocols.ledger.LedgerEntry;
import org.concordat.protocols.ledger.MerkleProofs;
import org.concordat.protocols.ledger.NodeStore;
import org.concordat.protocols.ledger.SignedNote;
import org.concordat.protocols.ledger.Signer;
import org.concordat.protocols.ledger.TreeSize;

/** Read-only access to the ledger for the API: entries exactly as hashed, checkpoints, keys. */
public class LedgerView {
  private final LedgerRepository ledger;
  private final NodeStore nodes;
  private final Supplier<Signer> checkpointSigner;

  public LedgerView(LedgerRepository ledger, NodeStore nodes, Supplier<Signer> checkpointSigner) {
    this.ledger = ledger;
    this.nodes = nodes;
    this.checkpointSigner = checkpointSigner;
  }

  /**
   * The RFC 6962 inclusion proof of entry {@code index} in the tree of the first {@code size}
   * entries.
   *
   * @throws InvalidRequest unless {@code 0 <= index < size <= size of the ledger}
   */
  public InclusionProof inclusion(long index, long size) {
    long committed = ledger.size();
    if (index < 0 || index >= size || size > committed) {
      throw new InvalidRequest(
          "An inclusion proof needs 0 <= index < size <= "
              + committed
              + " (the ledger's size); got index "
              + index
              + " and size "
              + size);
    }
    return MerkleProofs.inclusion(nodes, LeafIndex.of(index), TreeSize.of(size));
  }

  /**
   * The RFC 6962 consistency proof between the trees of the first {@code from} and {@code to}
   * entries.
   *
   * @throws InvalidRequest unless {@code 0 <= from <= to <= size of the ledger}
   */
  public ConsistencyProof consistency(long from, long to) {
    long committed = ledger.size();
    if (from < 0 || from > to || to > committed) {
      throw new InvalidRequest(
          "A consistency proof needs 0 <= from <= to <= "
              + committed
              + " (the ledger's size); got from "
              + from
              + " and to "
              + to);
    }
    return MerkleProofs.consistency(nodes, TreeSize.of(from), TreeSize.of(to));
  }

  public long size() {
    return ledger.size();
  }

  public Optional<String> latestCheckpoint() {
    return ledger.latestCheckpoint().map(LedgerRepository.StoredCheckpoint::signedNote);
  }

  /**
   * Every stored signed checkpoint note, smallest tree first, with the witnesses' cosignature lines
   * added as further signature lines (C2SP signed-note: verifiers skip keys they do not know).
   */
  public List<String> checkpoints() {
    return checkpoints(Long.MAX_VALUE);
  }

  /**
   * Like {@link #checkpoints()}, only those of at most {@code maxTreeSize} entries: with the
   * entries up to a pinned checkpoint, a consistent snapshot however far the ledger has grown.
   */
  public List<String> checkpoints(long maxTreeSize) {
    List<String> notes = new java.util.ArrayList<>();
    for (LedgerRepository.StoredCheckpoint checkpoint : ledger.checkpoints()) {
      if (checkpoint.treeSize() > maxTreeSize) {
        break;
      }
      StringBuilder note = new StringBuilder(checkpoint.signedNote());
      for (String line : ledger.cosignatureLines(checkpoint.treeSize())) {
        note.append(line).append('\n');
      }
      notes.add(note.toString());
    }
    return notes;
  }

  /** Entries {@code [start, end)} as newline-separated canonical JSON, each line as hashed. */
  public byte[] entriesAsLines(long start, long end) {
    List<StoredEntry> entries = ledger.entries(start, end);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (StoredEntry entry : entries) {
      out.writeBytes(entry.bytes());
      out.write('\n');
    }
    return out.toByteArray();
  }

  /** The verifier key of the checkpoint signer, in signed-note verifier key format. */
  public String verifierKey() {
    Signer signer = checkpointSigner.get();
    return SignedNote.verifierKey(signer.keyName(), signer.publicKey());
  }

  /**
   * Every key that has signed the ledger's checkpoints: the current one first, then each key it
   * replaced, newest first, as the ledger's own {@code key-rotation} entries record them.
   */
  public List<String> verifierKeys() {
    List<String> retired = retiredKeys;
    if (retired == null) {
      retired = readRetiredKeys();
      retiredKeys = retired;
    }
    List<String> keys = new java.util.ArrayList<>();
    keys.add(verifierKey());
    for (String key : retired) {
      if (!keys.contains(key)) {
        keys.add(key);
      }
    }
    return keys;
  }

  /** Forgets the retired keys read so far; the next call reads them again (after a rotation). */
  public void keysChanged() {
    retiredKeys = null;
  }

  private volatile @org.jspecify.annotations.Nullable List<String> retiredKeys;

  private List<String> readRetiredKeys() {
    List<String> keys = new java.util.ArrayList<>();
    List<StoredEntry> rotations = ledger.entriesOfType(EntryType.KEY_ROTATION.wireName());
    for (int i = rotations.size() - 1; i >= 0; i--) {
      KeyRotationBody rotation =
          (KeyRotationBody) LedgerEntry.parse(rotations.get(i).bytes()).body();
      if (!keys.contains(rotation.oldKey().text())) {
        keys.add(rotation.oldKey().text());
      }
    }
    return keys;
  }
}
