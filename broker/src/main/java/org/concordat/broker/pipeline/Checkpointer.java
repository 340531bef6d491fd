package org.concordat.broker.pipeline;

import java.time.Clock;
import java.util.List;
import java.util.Optional;
import org.concordat.broker.persistence.LedgerRepository;
import org.concordat.broker.persistence.LedgerRepository.StoredCheckpoint;
import org.concordat.protocols.ledger.Checkpoint;
import org.concordat.protocols.ledger.MerkleProofs;
import org.concordat.protocols.ledger.NodeStore;
import org.concordat.protocols.ledger.SignedNote;
import org.concordat.protocols.ledger.Signer;
import org.concordat.protocols.ledger.TreeSize;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;

/**
 * Signs a checkpoint (C2SP signed note over origin, tree size and RFC 6962 root) whenever the
 * ledger has grown since the last one.
 */
public class Checkpointer {
  private static final Logger log = LoggerFactory.getLogger(Checkpointer.class);

  private final LedgerRepository ledger;
  private final NodeStore nodes;
  private final Signer signer;
  private final String origin;
  private final Clock clock;
  private final ApplicationEventPublisher events;
  // The tree size the latest checkpoint covers, once known; -1 until read.
  private volatile long covered = -1;

  public Checkpointer(
      LedgerRepository ledger,
      NodeStore nodes,
      Signer signer,
      String origin,
      Clock clock,
      ApplicationEventPublisher events) {
    this.events = events;
    this.ledger = ledger;
    this.nodes = nodes;
    this.signer = signer;
    this.origin = origin;
    this.clock = clock;
  }

  /** Published after a checkpoint is stored: for witnesses and partner monitors. */
  public record CheckpointSigned(long treeSize, String signedNote) {}

  /**
   * Signs a checkpoint once at least {@code entries} entries of a ledger of {@code size} are not
   * covered by the latest one: called after appends, so a busy ledger is checkpointed every N
   * entries as well as every T seconds. The covered size is kept in memory, so the common case
   * costs no query.
   */
  public Optional<String> checkpointIfBehindBy(long size, long entries) {
    long known = covered;
    if (known < 0) {
      known = ledger.latestCheckpoint().map(StoredCheckpoint::treeSize).orElse(0L);
      covered = known;
    }
    return size - known >= entries ? checkpointIfGrown() : Optional.empty();
  }

  /** Signs and stores a checkpoint if there are entries the latest one does not cover. */
  public synchronized Optional<String> checkpointIfGrown() {
    long size = ledger.size();
    Optional<StoredCheckpoint> latest = ledger.latestCheckpoint();
    if (size == 0 || latest.map(c -> c.treeSize() >= size).orElse(false)) {
      covered = latest.map(StoredCheckpoint::treeSize).orElse(0L);
      return Optional.empty();
    }
    byte[] root = MerkleProofs.root(nodes, TreeSize.of(size));
    Checkpoint checkpoint = new Checkpoint(origin, new TreeSize(size), root);
    String note = SignedNote.sign(checkpoint.body(), List.of(signer));
    ledger.saveCheckpoint(size, root, note, clock.instant());
    covered = size;
    log.info("Signed ledger checkpoint at tree size {}", size);
    events.publishEvent(new CheckpointSigned(size, note));
    return Optional.of(note);
  }
}
