package org.concordat.broker.ledger;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.concordat.broker.events.BrokerEvent;
import org.concordat.broker.ledger.LedgerRepository.StoredCheckpoint;
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
  private final Supplier<Signer> signer;
  private final String origin;
  private final Clock clock;
  private final ApplicationEventPublisher events;
  private final Leadership leadership;
  // The tree size the latest checkpoint covers, once known; -1 until read.
  private volatile long covered = -1;

  public Checkpointer(
      LedgerRepository ledger,
      NodeStore nodes,
      Supplier<Signer> signer,
      String origin,
      Clock clock,
      ApplicationEventPublisher events,
      Leadership leadership) {
    this.events = events;
    this.leadership = leadership;
    this.ledger = ledger;
    this.nodes = nodes;
    this.signer = signer;
    this.origin = origin;
    this.clock = clock;
  }

  /**
   * Published after a checkpoint is stored: for witnesses and partner monitors. On Kafka: topic
   * {@code checkpoints}, keyed by the log's origin (the note's first line), so one ledger's
   * checkpoints stay in order on one partition and a compacted topic keeps the latest.
   */
  @JsonPropertyOrder({"type", "origin", "treeSize", "signedNote"})
  public record CheckpointSigned(
      @JsonProperty("treeSize") long treeSize, @JsonProperty("signedNote") String signedNote)
      implements BrokerEvent {

    /** The origin line the note starts with: the ledger's name. */
    @JsonProperty("origin")
    public String origin() {
      int end = signedNote.indexOf('\n');
      return end < 0 ? signedNote : signedNote.substring(0, end);
    }

    @Override
    public String topic() {
      return "checkpoints";
    }

    @Override
    public String key() {
      return origin();
    }
  }

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

  /**
   * Signs and stores a checkpoint if there are entries the latest one does not cover and this node
   * leads (one node signs, so no two sign the same size).
   */
  public synchronized Optional<String> checkpointIfGrown() {
    if (!leadership.isLeader()) {
      return Optional.empty();
    }
    long size = ledger.size();
    Optional<StoredCheckpoint> latest = ledger.latestCheckpoint();
    if (size == 0 || latest.map(c -> c.treeSize() >= size).orElse(false)) {
      covered = latest.map(StoredCheckpoint::treeSize).orElse(0L);
      return Optional.empty();
    }
    byte[] root = MerkleProofs.root(nodes, TreeSize.of(size));
    Checkpoint checkpoint = new Checkpoint(origin, new TreeSize(size), root);
    String note = SignedNote.sign(checkpoint.body(), List.of(signer.get()));
    ledger.saveCheckpoint(size, root, note, clock.instant());
    covered = size;
    log.info("Signed ledger checkpoint at tree size {}", size);
    events.publishEvent(new CheckpointSigned(size, note));
    return Optional.of(note);
  }
}
