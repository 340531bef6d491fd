package org.concordat.broker.ledger;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.concordat.protocols.ledger.CompactRange;
import org.concordat.protocols.ledger.StoredNode;
import org.concordat.protocols.ledger.TreeSize;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The ledger's single writer, with group commit. Callers hand it work ({@link #record}); one thread
 * takes whatever work is waiting (up to {@code maxBatch} items), runs it against one {@link
 * LedgerBatch} under the head lock, writes entries, outbox rows and inbound statuses with batched
 * statements, and commits once. A durable commit costs milliseconds (fsync), so sharing it is what
 * lets many disclosures per second be recorded durably.
 *
 * <p>A work item that throws fails alone: the batch is rolled back and the other items are run
 * again without it. Nothing is published for work that did not commit.
 *
 * <p>Its thread is the container's to start and stop ({@link SmartLifecycle}, in an early phase so
 * that it starts before anything that records and stops after it): stopping drains what is queued.
 */
public final class LedgerSequencer implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(LedgerSequencer.class);

  private final LedgerRepository ledger;
  private final JdbcNodeStore nodes;
  private final TransactionTemplate transactions;
  private final ApplicationEventPublisher events;
  private final Clock clock;
  private final int maxBatch;
  private final Duration timeout;
  private final BlockingQueue<QueuedWork<?>> queue = new LinkedBlockingQueue<>();
  private @Nullable Thread worker;
  private final AtomicLong commits = new AtomicLong();
  private final AtomicLong appended = new AtomicLong();
  private volatile boolean running;
  // The next index, known to this writer; -1 = read it from the database under the head lock (at
  // start and after any failed commit). The head UPDATE's guard still catches another writer.
  private long nextIndex = -1;
  // The Merkle frontier of the committed tree; null = resume it from the stored nodes.
  private @Nullable CompactRange range;

  public LedgerSequencer(
      LedgerRepository ledger,
      JdbcNodeStore nodes,
      TransactionTemplate transactions,
      ApplicationEventPublisher events,
      Clock clock,
      int maxBatch,
      Duration timeout) {
    if (maxBatch < 1) {
      throw new IllegalArgumentException("maxBatch must be at least 1");
    }
    this.ledger = ledger;
    this.nodes = nodes;
    this.transactions = transactions;
    this.events = events;
    this.clock = clock;
    this.maxBatch = maxBatch;
    this.timeout = timeout;
  }

  /** Brings the stored tree up to date with the entries, then starts the writer's thread. */
  @Override
  public synchronized void start() {
    if (running) {
      return;
    }
    rebuildTreeIfIncomplete();
    running = true;
    Thread thread = new Thread(this::run, "ledger-sequencer");
    thread.setDaemon(true);
    thread.start();
    worker = thread;
  }

  /** Takes no more work, and returns once what was queued has committed or failed. */
  @Override
  public synchronized void stop() {
    running = false;
    Thread thread = worker;
    if (thread == null) {
      return;
    }
    try {
      thread.join(timeout.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    worker = null;
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /** Early: before the web server, the transports and the schedules, which all record. */
  @Override
  public int getPhase() {
    return PHASE;
  }

  /** The lifecycle phase: started before, and stopped after, anything that hands it work. */
  public static final int PHASE = -1000;

  /**
   * Runs {@code work} in the next group commit and returns its result once committed. The work may
   * be run more than once (see {@link LedgerWork}); its value from the committed run is returned.
   *
   * @throws LedgerUnavailableException if the work could not be committed; nothing of it was
   *     written
   */
  public <R> R record(LedgerWork<R> work) {
    QueuedWork<R> pending = new QueuedWork<>(work);
    if (!running) {
      throw new LedgerUnavailableException("The ledger sequencer is not running", null);
    }
    queue.add(pending);
    try {
      return pending.result.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new LedgerUnavailableException("Interrupted while waiting for the ledger", e);
    } catch (TimeoutException e) {
      throw new LedgerUnavailableException("The ledger did not commit within " + timeout, e);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new LedgerUnavailableException("Recording in the ledger failed", e.getCause());
    }
  }

  /**
   * Returns once every work item handed over before this call has committed or failed: an empty
   * work item queued behind them.
   */
  public void awaitCommitted() {
    record(batch -> Boolean.TRUE);
  }

  /** How many transactions have committed entries, and how many entries: for metrics and tests. */
  public long commits() {
    return commits.get();
  }

  public long appended() {
    return appended.get();
  }

  private void run() {
    while (running || !queue.isEmpty()) {
      List<QueuedWork<?>> batch = new ArrayList<>();
      try {
        QueuedWork<?> first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, maxBatch - 1);
        commit(batch);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (RuntimeException | LinkageError | AssertionError e) {
        // Nothing may stop the writer: fail what it held (callers get an answer, not a hang).
        LedgerUnavailableException failure =
            new LedgerUnavailableException("The ledger sequencer hit an unexpected error", e);
        batch.forEach(p -> p.result.completeExceptionally(failure));
        log.error("The ledger sequencer hit an unexpected error", e);
      }
    }
  }

  private void commit(List<QueuedWork<?>> batch) {
    List<QueuedWork<?>> remaining = new ArrayList<>(batch);
    int headRetries = 0;
    while (!remaining.isEmpty()) {
      Attempt attempt = new Attempt();
      try {
        transactions.executeWithoutResult(
            status -> {
              // Optimistic: while this node's view of the head is current, no lock is taken up
              // front; the guarded head UPDATE (and the entries' primary key) refuse the batch if
              // another node appended meanwhile, and it is then run again from the locked head.
              long head = nextIndex >= 0 ? nextIndex : ledger.lockHead();
              LedgerBatch writes = new LedgerBatch(head, clock);
              for (QueuedWork<?> pending : remaining) {
                try {
                  writes.currentItem(pending);
                  pending.runOn(writes);
                } catch (RuntimeException | LinkageError | AssertionError e) {
                  // A work item's own failure, even a linkage error from code it calls, fails
                  // that item only: the writer must outlive it.
                  RuntimeException failure =
                      e instanceof RuntimeException runtime
                          ? runtime
                          : new IllegalStateException("The work item failed: " + e, e);
                  attempt.failed = pending;
                  attempt.failure = failure;
                  throw failure;
                }
              }
              writes.currentItem(null);
              try {
                ledger.insertAll(writes.entries());
              } catch (DuplicateKeyException
                  | ConcurrencyFailureException
                  | LedgerRepository.HeadMovedException moved) {
                attempt.headMoved = true;
                throw moved;
              }
              CompactRange tree = range != null ? range : resumeTree(writes.entries());
              List<StoredNode> completed = new ArrayList<>();
              for (LedgerRepository.NewEntry entry : writes.entries()) {
                completed.addAll(tree.append(entry.leafHash()));
              }
              nodes.insertAll(completed);
              attempt.tree = tree;
              writes.writeBatched();
              for (LedgerBatch.OwnRow<?> row : writes.ownRows()) {
                try {
                  row.write();
                } catch (RuntimeException e) {
                  // Blame the item that added the row; the others run again without it.
                  attempt.failed = row.item();
                  attempt.failure = e;
                  throw e;
                }
              }
              attempt.writes = writes;
            });
        nextIndex =
            Objects.requireNonNull(attempt.writes, "set by the committed transaction").nextIndex();
        range = attempt.tree;
      } catch (RuntimeException e) {
        nextIndex = -1;
        range = null;
        if (attempt.headMoved && ++headRetries <= MAX_HEAD_RETRIES) {
          log.info("Another writer moved the ledger head; running the batch again from the head");
          continue;
        }
        if (attempt.failed != null) {
          // One item's own failure: it fails alone, the others are tried again without it.
          remaining.remove(attempt.failed);
          attempt.failed.result.completeExceptionally(attempt.failure);
          continue;
        }
        LedgerUnavailableException failure =
            new LedgerUnavailableException("The ledger batch could not be committed", e);
        remaining.forEach(p -> p.result.completeExceptionally(failure));
        log.error("A ledger batch of {} item(s) failed to commit", remaining.size(), e);
        return;
      }
      LedgerBatch committed = java.util.Objects.requireNonNull(attempt.writes);
      commits.incrementAndGet();
      appended.addAndGet(committed.entries().size());
      committed.events().forEach(events::publishEvent);
      if (!committed.entries().isEmpty()) {
        events.publishEvent(new EntriesAppended(committed.nextIndex()));
      }
      remaining.forEach(QueuedWork::complete);
      return;
    }
  }

  /**
   * Published after each commit that appended entries, with the ledger's size after it: what the
   * checkpoint schedule watches.
   */
  public record EntriesAppended(long treeSize) {}

  /** How often a batch is run again after another node moved the head under it. */
  private static final int MAX_HEAD_RETRIES = 5;

  private static final class Attempt {
    boolean headMoved;
    @Nullable QueuedWork<?> failed;
    @Nullable RuntimeException failure;
    @Nullable LedgerBatch writes;
    @Nullable CompactRange tree;
  }

  /**
   * Ledgers written before the tree was stored (or a restore without the node table) get their
   * nodes rebuilt from the entries' leaf hashes, once, at start.
   */
  private void rebuildTreeIfIncomplete() {
    long size = ledger.size();
    if (nodes.covers(size)) {
      return;
    }
    log.warn("Rebuilding the ledger's Merkle nodes from {} entries", size);
    transactions.executeWithoutResult(
        status -> {
          nodes.deleteAll();
          CompactRange tree = CompactRange.empty();
          for (long start = 0; start < size; start += REBUILD_PAGE) {
            List<StoredNode> completed = new ArrayList<>();
            for (LedgerRepository.StoredEntry entry :
                ledger.entries(start, Math.min(size, start + REBUILD_PAGE))) {
              completed.addAll(tree.append(entry.leafHash()));
            }
            nodes.insertAll(completed);
          }
        });
  }

  private static final int REBUILD_PAGE = 10_000;

  /** The frontier of the tree as committed before this batch's entries. */
  private CompactRange resumeTree(List<LedgerRepository.NewEntry> batch) {
    long before = batch.isEmpty() ? ledger.size() : batch.get(0).entry().index();
    return before == 0 ? CompactRange.empty() : CompactRange.resume(nodes, TreeSize.of(before));
  }
}
