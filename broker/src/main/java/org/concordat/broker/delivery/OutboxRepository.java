package org.concordat.broker.delivery;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The transactional outbox. Rows are written in the same transaction as their ledger entry, so the
 * relay only ever sees deliveries whose disclosure is committed in the ledger.
 */
@Repository
public class OutboxRepository {
  public static final String PENDING = "PENDING";
  public static final String DELIVERED = "DELIVERED";
  public static final String FAILED = "FAILED";

  /** Claimed by the relay for one attempt; back to PENDING on a retry, or DELIVERED/FAILED. */
  public static final String SENDING = "SENDING";

  /** Stopped before delivery because the decision was taken again after a narrowing change. */
  public static final String CANCELLED = "CANCELLED";

  private final JdbcClient jdbc;
  private final JdbcTemplate batches;

  public OutboxRepository(JdbcClient jdbc, JdbcTemplate batches) {
    this.jdbc = jdbc;
    this.batches = batches;
  }

  /** Stores deliveries, due at once, in one batched statement. */
  public void insertAll(List<NewDelivery> deliveries, Instant now) {
    if (deliveries.isEmpty()) {
      return;
    }
    batches.batchUpdate(
        "INSERT INTO outbox (ledger_index, message_id, recipient_ods, idempotency_key,"
            + " file_name, content_type, payload, status, attempts, next_attempt_at)"
            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?)",
        deliveries,
        deliveries.size(),
        (statement, delivery) -> {
          statement.setLong(1, delivery.ledgerIndex());
          statement.setString(2, delivery.messageId());
          statement.setString(3, delivery.recipientOds());
          statement.setString(4, delivery.idempotencyKey());
          statement.setString(5, delivery.fileName());
          statement.setString(6, delivery.contentType());
          statement.setBytes(7, delivery.payload());
          statement.setString(8, PENDING);
          statement.setObject(9, utc(now));
        });
  }

  /** Pending deliveries whose next attempt is due, oldest first. */
  public List<PendingDelivery> due(Instant now, int limit) {
    return jdbc.sql(
            "SELECT id, ledger_index, message_id, recipient_ods, idempotency_key, file_name,"
                + " content_type, payload, attempts FROM outbox"
                + " WHERE status = ? AND next_attempt_at <= ? ORDER BY id LIMIT ?")
        .params(PENDING, utc(now), limit)
        .query(
            (rs, row) ->
                new PendingDelivery(
                    rs.getLong(1),
                    rs.getLong(2),
                    rs.getString(3),
                    rs.getString(4),
                    rs.getString(5),
                    rs.getString(6),
                    rs.getString(7),
                    rs.getBytes(8),
                    rs.getInt(9)))
        .list();
  }

  /**
   * Claims a pending delivery for one attempt; false if it is no longer pending (cancelled, or
   * claimed by another relay). A delivery can be cancelled only while it is pending, so a claim
   * settles the race between delivering and deciding again.
   */
  public boolean claim(long id) {
    return jdbc.sql("UPDATE outbox SET status = ? WHERE id = ? AND status = ?")
            .params(SENDING, id, PENDING)
            .update()
        == 1;
  }

  /** Returns deliveries claimed by a relay that stopped mid-attempt to PENDING (at start-up). */
  public int releaseClaims() {
    return jdbc.sql("UPDATE outbox SET status = ? WHERE status = ?")
        .params(PENDING, SENDING)
        .update();
  }

  /** Cancels a pending delivery; false if it was already claimed, delivered or failed. */
  public boolean cancel(long id, String reason) {
    return jdbc.sql("UPDATE outbox SET status = ?, last_error = ? WHERE id = ? AND status = ?")
            .params(CANCELLED, truncate(reason), id, PENDING)
            .update()
        == 1;
  }

  /**
   * Pending deliveries authorised by ledger entries about the person with {@code subjectKey},
   * oldest first, with the entry bytes that authorised them.
   */
  public List<PendingForSubject> pendingForSubject(String subjectKey) {
    return pendingDisclosures(subjectKey, null);
  }

  /**
   * Pending deliveries of disclosures (not the broker's own notices), oldest first, with the bytes
   * of the entry that authorised each: about the person with {@code subjectKey} if it is given, and
   * sent or received by {@code party} if it is given; every one if neither is.
   */
  public List<PendingForSubject> pendingDisclosures(
      @Nullable String subjectKey, @Nullable String party) {
    StringBuilder sql =
        new StringBuilder(
            "SELECT o.id, o.ledger_index, o.message_id, o.recipient_ods, e.entry_bytes"
                + " FROM outbox o JOIN ledger_entry e ON e.entry_index = o.ledger_index"
                + " LEFT JOIN inbound_message m ON m.id = o.message_id"
                + " WHERE o.status = ? AND e.entry_type = 'disclosure'");
    List<Object> params = new ArrayList<>();
    params.add(PENDING);
    if (subjectKey != null) {
      sql.append(" AND e.subject_hash = ?");
      params.add(subjectKey);
    }
    if (party != null) {
      sql.append(" AND (o.recipient_ods = ? OR m.sender_ods = ?)");
      params.add(party);
      params.add(party);
    }
    sql.append(" ORDER BY o.id");
    return jdbc.sql(sql.toString())
        .params(params)
        .query(
            (rs, row) ->
                new PendingForSubject(
                    rs.getLong(1), rs.getLong(2), rs.getString(3), rs.getString(4), rs.getBytes(5)))
        .list();
  }

  /** The ledger indexes of entries about {@code subjectKey} whose delivery has completed. */
  public List<Long> deliveredForSubject(String subjectKey) {
    return jdbc.sql(
            "SELECT o.ledger_index FROM outbox o JOIN ledger_entry e"
                + " ON e.entry_index = o.ledger_index"
                + " WHERE e.subject_hash = ? AND o.status = ? AND e.entry_type = 'disclosure'"
                + " ORDER BY o.ledger_index")
        .params(subjectKey, DELIVERED)
        .query(Long.class)
        .list();
  }

  public void markDelivered(long id, Instant at) {
    jdbc.sql("UPDATE outbox SET status = ?, delivered_at = ?, last_error = NULL WHERE id = ?")
        .params(DELIVERED, utc(at), id)
        .update();
  }

  public void markRetry(long id, int attempts, Instant nextAttempt, String error) {
    jdbc.sql(
            "UPDATE outbox SET status = ?, attempts = ?, next_attempt_at = ?, last_error = ?"
                + " WHERE id = ?")
        .params(PENDING, attempts, utc(nextAttempt), truncate(error), id)
        .update();
  }

  public void markFailed(long id, int attempts, String error) {
    jdbc.sql("UPDATE outbox SET status = ?, attempts = ?, last_error = ? WHERE id = ?")
        .params(FAILED, attempts, truncate(error), id)
        .update();
  }

  /** The status of every outbox row for one inbound message, for tests and the sender's view. */
  public List<String> statusesForMessage(String messageId) {
    return jdbc.sql("SELECT status FROM outbox WHERE message_id = ? ORDER BY id")
        .param(messageId)
        .query(String.class)
        .list();
  }

  private static OffsetDateTime utc(Instant instant) {
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }

  private static String truncate(String error) {
    return error.length() <= 2000 ? error : error.substring(0, 2000);
  }

  /** A delivery to hand to the outbox with its ledger entry. */
  public record NewDelivery(
      long ledgerIndex,
      String messageId,
      String recipientOds,
      String idempotencyKey,
      String fileName,
      String contentType,
      byte[] payload) {}

  /** A pending delivery of a disclosure, with the bytes of the entry that authorised it. */
  public record PendingForSubject(
      long id, long ledgerIndex, String messageId, String recipientOds, byte[] entryBytes) {}

  /** A delivery waiting for its (next) attempt. */
  public record PendingDelivery(
      long id,
      long ledgerIndex,
      String messageId,
      String recipientOds,
      String idempotencyKey,
      String fileName,
      String contentType,
      byte[] payload,
      int attempts) {}
}
