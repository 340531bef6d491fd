package org.concordat.broker.ledger;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.concordat.adapters.logging.LogSafe;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Follow-ups that survive a crash: work that must happen after a commit is written as a {@code
 * follow_up} row in the same transaction as the ledger entries it follows ({@link #add}), run by
 * the recorder right after the commit ({@link #runNow}), and deleted in the transaction of the work
 * it causes ({@link #complete}). A row left by a crash or a failure is run again: at start and
 * every {@code retry-interval} by the node that claimed it, and by any node once its claim is older
 * than {@code lease} (the node that claimed it is gone).
 */
public final class FollowUps implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(FollowUps.class);
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final TypeReference<Map<String, String>> DETAILS = new TypeReference<>() {};

  /**
   * TEST ONLY. A JVM system property (never a Spring setting, so no configuration file or
   * environment variable can set it) naming a follow-up kind: the process halts, as if killed,
   * right after a follow-up of that kind has committed and before it runs. CrashRecoveryIT uses it.
   */
  public static final String INSECURE_TEST_ONLY_HALT_PROPERTY =
      "concordat.insecure-test-only.halt-before-follow-up";

  private final JdbcClient jdbc;
  private final JdbcTemplate batches;
  private final TransactionTemplate transactions;
  private final ObjectProvider<FollowUpHandler> handlers;
  private final Clock clock;
  private final String node;
  private final Duration lease;
  private final Duration retryInterval;
  private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
  private final BatchWrites<Row> table = this::writeAll;
  private @Nullable ScheduledExecutorService retries;
  private volatile boolean running;
  private Instant started = Instant.MIN;

  public FollowUps(
      JdbcClient jdbc,
      JdbcTemplate batches,
      TransactionTemplate transactions,
      ObjectProvider<FollowUpHandler> handlers,
      Clock clock,
      String node,
      Duration lease,
      Duration retryInterval) {
    if (node.isBlank() || node.length() > 100) {
      throw new IllegalArgumentException("The node id must have 1 to 100 characters");
    }
    this.jdbc = jdbc;
    this.batches = batches;
    this.transactions = transactions;
    this.handlers = handlers;
    this.clock = clock;
    this.node = node;
    this.lease = lease;
    this.retryInterval = retryInterval;
  }

  /**
   * Records {@code followUp} in the batch's transaction, claimed by this node; returns its id, for
   * {@link #runNow} once the batch has committed. Work that is run again adds it again: only the
   * committed run's row is written.
   */
  public String add(LedgerBatch batch, FollowUp followUp) {
    String id = UUID.randomUUID().toString();
    batch.add(table, new Row(id, followUp));
    return id;
  }

  /** Records {@code followUp} in the caller's transaction (work recorded outside the ledger). */
  public String insert(FollowUp followUp) {
    String id = UUID.randomUUID().toString();
    writeAll(List.of(new Row(id, followUp)));
    return id;
  }

  /**
   * Deletes the follow-up: called by a handler inside the transaction of the work it causes, so
   * that the work and its completion commit together. Completing twice does nothing.
   */
  public void complete(String id) {
    jdbc.sql("DELETE FROM follow_up WHERE id = ?").param(id).update();
  }

  /**
   * Runs a follow-up this node recorded, right after its commit, on the caller's thread. A failure
   * is logged and the follow-up stays recorded, to be tried again; it never reaches the caller,
   * whose change has committed.
   */
  public void runNow(String id) {
    if (!inFlight.add(id)) {
      return; // this node is running it already
    }
    try {
      Optional<Stored> stored =
          jdbc.sql(SELECT + " WHERE id = ?").param(id).query(FollowUps::stored).optional();
      if (stored.isEmpty()) {
        return; // completed meanwhile
      }
      haltIfAskedTo(stored.get().pending().followUp().kind());
      run(stored.get().pending());
    } catch (RuntimeException e) {
      // The store itself failed: the row, committed, is run again by the retry pass.
      log.error(
          "Follow-up {} could not be run now; it is tried again", id, LogSafe.withoutMessages(e));
    } finally {
      inFlight.remove(id);
    }
  }

  /**
   * Runs every follow-up this node may take: its own left by an earlier process or a failed run,
   * and any other node's whose claim is older than the lease. Returns how many ran to completion.
   */
  public int runOutstanding() {
    Instant now = clock.instant();
    List<Stored> outstanding =
        jdbc.sql(SELECT + " ORDER BY created_at, seq FETCH FIRST 100 ROWS ONLY")
            .query(FollowUps::stored)
            .list();
    int completed = 0;
    for (Stored row : outstanding) {
      Instant claimed = row.claimedAt().toInstant();
      boolean mine = row.claimedBy().equals(node);
      boolean due =
          mine
              ? claimed.isBefore(started) || claimed.isBefore(now.minus(retryInterval))
              : claimed.isBefore(now.minus(lease));
      String id = row.pending().id();
      if (!due || !inFlight.add(id)) {
        continue;
      }
      try {
        // Claimed only if no other node claimed it since it was read.
        int claimedNow =
            jdbc.sql(
                    "UPDATE follow_up SET claimed_by = ?, claimed_at = ?"
                        + " WHERE id = ? AND claimed_by = ? AND claimed_at = ?")
                .params(node, timestamp(clock.instant()), id, row.claimedBy(), row.claimedAt())
                .update();
        if (claimedNow == 1) {
          if (!mine) {
            log.warn("Taking over follow-up {} ({}) from node {}", id, row.kind(), row.claimedBy());
          }
          if (run(row.pending())) {
            completed++;
          }
        }
      } finally {
        inFlight.remove(id);
      }
    }
    return completed;
  }

  /** How many follow-ups are recorded and not yet complete: for metrics and tests. */
  public long outstanding() {
    return jdbc.sql("SELECT COUNT(*) FROM follow_up").query(Long.class).single();
  }

  private boolean run(FollowUp.Pending pending) {
    String kind = pending.followUp().kind();
    try {
      FollowUpHandler handler =
          handlers
              .orderedStream()
              .filter(h -> h.kind().equals(kind))
              .findFirst()
              .orElseThrow(() -> new IllegalStateException("No handler for follow-ups " + kind));
      handler.complete(pending);
      transactions.executeWithoutResult(status -> complete(pending.id()));
      return true;
    } catch (RuntimeException e) {
      // Never swallowed: logged, kept, and tried again after the retry interval.
      log.error(
          "Follow-up {} ({}) failed on attempt {}; it stays recorded and is tried again",
          pending.id(),
          kind,
          pending.attempts() + 1,
          LogSafe.withoutMessages(e));
      try {
        jdbc.sql("UPDATE follow_up SET attempts = attempts + 1, claimed_at = ? WHERE id = ?")
            .params(timestamp(clock.instant()), pending.id())
            .update();
      } catch (RuntimeException counting) {
        e.addSuppressed(counting);
        log.error("Follow-up {} ({}): its failure could not be counted", pending.id(), kind);
      }
      return false;
    }
  }

  private static void haltIfAskedTo(String kind) {
    if (kind.equals(System.getProperty(INSECURE_TEST_ONLY_HALT_PROPERTY))) {
      log.error("Halting before follow-up {} ({})", kind, INSECURE_TEST_ONLY_HALT_PROPERTY);
      Runtime.getRuntime().halt(HALT_STATUS);
    }
  }

  private static final int HALT_STATUS = 86;

  private void writeAll(List<Row> rows) {
    OffsetDateTime now = timestamp(clock.instant());
    int[] seq = {0};
    batches.batchUpdate(
        "INSERT INTO follow_up (id, kind, details, seq, created_at, claimed_by, claimed_at,"
            + " attempts) VALUES (?, ?, ?, ?, ?, ?, ?, 0)",
        rows,
        rows.size(),
        (statement, row) -> {
          statement.setString(1, row.id());
          statement.setString(2, row.followUp().kind());
          statement.setString(3, json(row.followUp().details()));
          statement.setInt(4, seq[0]++);
          statement.setObject(5, now);
          statement.setString(6, node);
          statement.setObject(7, now);
        });
  }

  private static String json(Map<String, String> details) {
    try {
      return JSON.writeValueAsString(details);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("A follow-up's details could not be written", e);
    }
  }

  private static OffsetDateTime timestamp(Instant at) {
    return OffsetDateTime.ofInstant(at.truncatedTo(ChronoUnit.MILLIS), ZoneOffset.UTC);
  }

  private static final String SELECT =
      "SELECT id, kind, details, claimed_by, claimed_at, attempts FROM follow_up";

  private static Stored stored(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
    Map<String, String> details;
    try {
      details = JSON.readValue(rs.getString("details"), DETAILS);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("A follow-up's details could not be read", e);
    }
    return new Stored(
        new FollowUp.Pending(
            rs.getString("id"), new FollowUp(rs.getString("kind"), details), rs.getInt("attempts")),
        rs.getString("claimed_by"),
        rs.getObject("claimed_at", OffsetDateTime.class));
  }

  /** Runs what an earlier process left, then tries again every retry interval. */
  @Override
  public synchronized void start() {
    if (running) {
      return;
    }
    started = clock.instant();
    running = true;
    runOutstandingSafely();
    ScheduledExecutorService executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread thread = new Thread(r, "follow-ups");
              thread.setDaemon(true);
              return thread;
            });
    long every = retryInterval.toMillis();
    executor.scheduleWithFixedDelay(
        this::runOutstandingSafely, every, every, TimeUnit.MILLISECONDS);
    retries = executor;
  }

  private void runOutstandingSafely() {
    try {
      int completed = runOutstanding();
      if (completed > 0) {
        log.info("Completed {} outstanding follow-up(s)", completed);
      }
    } catch (RuntimeException e) {
      log.error(
          "Outstanding follow-ups could not be run; they are tried again",
          LogSafe.withoutMessages(e));
    }
  }

  @Override
  public synchronized void stop() {
    running = false;
    ScheduledExecutorService executor = retries;
    if (executor != null) {
      executor.shutdownNow();
      retries = null;
    }
  }

  @Override
  public boolean isRunning() {
    return running;
  }

  /**
   * After the ledger's writer (handlers record), and before the web server and the transports, so
   * what a crash left is decided again before the relay delivers anything.
   */
  @Override
  public int getPhase() {
    return LedgerSequencer.PHASE + 100;
  }

  private record Row(String id, FollowUp followUp) {}

  private record Stored(FollowUp.Pending pending, String claimedBy, OffsetDateTime claimedAt) {
    String kind() {
      return pending.followUp().kind();
    }
  }
}
