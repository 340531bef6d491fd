package org.concordat.broker.pipeline;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Optional;
import org.concordat.broker.persistence.LedgerRepository;
import org.concordat.broker.persistence.LedgerRepository.StoredEntry;
import org.concordat.protocols.ledger.SignedNote;
import org.concordat.protocols.ledger.Signer;

/** Read-only access to the ledger for the API: entries exactly as hashed, checkpoints, keys. */
public class LedgerView {
  private final LedgerRepository ledger;
  private final Signer checkpointSigner;

  public LedgerView(LedgerRepository ledger, Signer checkpointSigner) {
    this.ledger = ledger;
    this.checkpointSigner = checkpointSigner;
  }

  public long size() {
    return ledger.size();
  }

  public Optional<String> latestCheckpoint() {
    return ledger.latestCheckpoint().map(LedgerRepository.StoredCheckpoint::signedNote);
  }

  /** Every stored signed checkpoint note, smallest tree first. */
  public List<String> checkpoints() {
    return ledger.checkpoints().stream()
        .map(LedgerRepository.StoredCheckpoint::signedNote)
        .toList();
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
