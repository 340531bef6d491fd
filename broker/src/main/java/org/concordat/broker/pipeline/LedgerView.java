package org.concordat.broker.pipeline;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Optional;
import org.concordat.broker.persistence.LedgerRepository;
import org.concordat.broker.persistence.LedgerRepository.StoredEntry;
import org.concordat.protocols.ledger.ConsistencyProof;
import org.concordat.protocols.ledger.InclusionProof;
import org.concordat.protocols.ledger.LeafIndex;
import org.concordat.protocols.ledger.MerkleProofs;
import org.concordat.protocols.ledger.NodeStore;
import org.concordat.protocols.ledger.SignedNote;
import org.concordat.protocols.ledger.Signer;
import org.concordat.protocols.ledger.TreeSize;

/** Read-only access to the ledger for the API: entries exactly as hashed, checkpoints, keys. */
public class LedgerView {
  private final LedgerRepository ledger;
  private final NodeStore nodes;
  private final Signer checkpointSigner;

  public LedgerView(LedgerRepository ledger, NodeStore nodes, Signer checkpointSigner) {
    this.ledger = ledger;
    this.nodes = nodes;
    this.checkpointSigner = checkpointSigner;
  }

  /**
   * The RFC 6962 inclusion proof of entry {@code index} in the tree of the first {@code size}
   * entries.
   *
   * @throws IllegalArgumentException unless {@code 0 <= index < size <= size of the ledger}
   */
  public InclusionProof inclusion(long index, long size) {
    long committed = ledger.size();
    if (index < 0 || index >= size || size > committed) {
      throw new IllegalArgumentException(
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
   * @throws IllegalArgumentException unless {@code 0 <= from <= to <= size of the ledger}
   */
  public ConsistencyProof consistency(long from, long to) {
    long committed = ledger.size();
    if (from < 0 || from > to || to > committed) {
      throw new IllegalArgumentException(
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
    List<String> notes = new java.util.ArrayList<>();
    for (LedgerRepository.StoredCheckpoint checkpoint : ledger.checkpoints()) {
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
    return SignedNote.verifierKey(checkpointSigner.keyName(), checkpointSigner.publicKey());
  }
}
