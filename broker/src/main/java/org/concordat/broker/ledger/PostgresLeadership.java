package org.concordat.broker.ledger;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import javax.sql.DataSource;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leadership among broker nodes sharing one PostgreSQL database: the node holding a session-level
 * advisory lock leads. The lock lives as long as the leader's own connection (kept outside the
 * pool), so a leader that dies or loses its connection lets another node take over on its next try;
 * a node that is not leader tries again at most once per {@code retry}.
 */
final class PostgresLeadership implements Leadership, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PostgresLeadership.class);

  /** The advisory lock key: "concordat ledger leader" as a number, shared by every node. */
  public static final long LOCK_KEY = 0x436f6e636f726441L;

  private final DataSource dataSource;
  private final Clock clock;
  private final Duration retry;
  private @Nullable Connection held;
  private Instant nextCheck = Instant.MIN;
  private boolean leader;

  public PostgresLeadership(DataSource dataSource, Clock clock, Duration retry) {
    this.dataSource = dataSource;
    this.clock = clock;
    this.retry = retry;
  }

  @Override
  public synchronized boolean isLeader() {
    Instant now = clock.instant();
    if (now.isBefore(nextCheck)) {
      return leader;
    }
    nextCheck = now.plus(retry);
    try {
      if (held != null && held.isValid(2)) {
        return leader;
      }
      release();
      Connection connection = dataSource.getConnection();
      connection.setAutoCommit(true);
      try (PreparedStatement lock = connection.prepareStatement("SELECT pg_try_advisory_lock(?)")) {
        lock.setLong(1, LOCK_KEY);
        try (ResultSet result = lock.executeQuery()) {
          leader = result.next() && result.getBoolean(1);
        }
      }
      if (leader) {
        held = connection;
        log.info("This node now leads the ledger (signs checkpoints)");
      } else {
        connection.close();
      }
    } catch (SQLException e) {
      log.warn(
          "Leadership check failed; not leading until the database answers: {}", e.getMessage());
      release();
    }
    return leader;
  }

  private void release() {
    leader = false;
    if (held != null) {
      try {
        held.close(); // closing the session releases its advisory lock
      } catch (SQLException ignored) {
        // the connection is gone either way
      }
      held = null;
    }
  }

  @Override
  public synchronized void close() {
    release();
  }
}
