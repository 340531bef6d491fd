package org.concordat.broker.disclosure;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Every message a partner sends, stored before it is acknowledged, with what became of it. */
@Repository
public class InboundMessageRepository {
  public static final String RECEIVED = "RECEIVED";
  public static final String DECIDED = "DECIDED";
  public static final String REJECTED = "REJECTED";

  /** A repeat of a message already decided: answered with the original's decisions, no more. */
  public static final String REPEATED = "REPEATED";

  private final JdbcClient jdbc;
  private final JdbcTemplate batches;

  public InboundMessageRepository(JdbcClient jdbc, JdbcTemplate batches) {
    this.jdbc = jdbc;
    this.batches = batches;
  }

  public void insert(
      String id,
      Instant receivedAt,
      String senderOds,
      String transport,
      @Nullable String sourceName,
      @Nullable String contentType,
      byte[] payload) {
    jdbc.sql(
            "INSERT INTO inbound_message (id, received_at, sender_ods, transport, source_name,"
                + " content_type, payload, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
        .params(
            id,
            OffsetDateTime.ofInstant(receivedAt, ZoneOffset.UTC),
            senderOds,
            transport,
            sourceName,
            contentType,
            payload,
            RECEIVED)
        .update();
  }

  public void markStatus(String id, String status, @Nullable String reason, Instant at) {
    jdbc.sql(
            "UPDATE inbound_message SET status = ?, status_reason = ?, decided_at = ? WHERE id = ?")
        .params(status, reason, OffsetDateTime.ofInstant(at, ZoneOffset.UTC), id)
        .update();
  }

  /** Records what became of several messages at once. */
  public void markAll(List<StatusChange> changes) {
    if (changes.isEmpty()) {
      return;
    }
    batches.batchUpdate(
        "UPDATE inbound_message SET status = ?, status_reason = ?, decided_at = ? WHERE id = ?",
        changes,
        changes.size(),
        (statement, change) -> {
          statement.setString(1, change.status());
          statement.setString(2, change.reason());
          statement.setObject(3, OffsetDateTime.ofInstant(change.at(), ZoneOffset.UTC));
          statement.setString(4, change.id());
        });
  }

  /**
   * Claims the message's key for it: its sender's own id for the message, with the SHA-256 of the
   * body, so a repeat finds it. Run in the transaction that records the message's decisions.
   *
   * @throws org.springframework.dao.DuplicateKeyException if the sender's key is already claimed by
   *     another message (a concurrent repeat that was recorded first)
   */
  public void claimKey(String id, String messageKey, String payloadSha256) {
    jdbc.sql("UPDATE inbound_message SET message_key = ?, payload_sha256 = ? WHERE id = ?")
        .params(messageKey, payloadSha256, id)
        .update();
  }

  /** The message that claimed a sender's key, if one was decided under it. */
  public Optional<Claimed> claimed(String senderOds, String messageKey) {
    return jdbc.sql(
            "SELECT id, payload_sha256 FROM inbound_message WHERE sender_ods = ? AND message_key = ?")
        .params(senderOds, messageKey)
        .query((rs, row) -> new Claimed(rs.getString(1), rs.getString(2)))
        .optional();
  }

  /** A decided message under its sender's key, and the hash of its body. */
  public record Claimed(String id, String payloadSha256) {}

  /** Records that a message is a repeat of (or reuses the id of) an earlier one. */
  public void markRepeat(
      String id, String originalId, String status, @Nullable String reason, Instant at) {
    jdbc.sql(
            "UPDATE inbound_message SET status = ?, status_reason = ?, decided_at = ?,"
                + " original_id = ? WHERE id = ?")
        .params(status, reason, OffsetDateTime.ofInstant(at, ZoneOffset.UTC), originalId, id)
        .update();
  }

  /**
   * The canonical bytes and indexes of the disclosure and denial entries recorded for a message, in
   * ledger order: its original decisions first, then any made again after a consent change.
   */
  public List<DecisionEntry> decisionEntries(String id) {
    return jdbc.sql(
            "SELECT entry_index, entry_bytes FROM ledger_entry WHERE message_id = ?"
                + " AND entry_type IN ('disclosure', 'denial') ORDER BY entry_index")
        .param(id)
        .query((rs, row) -> new DecisionEntry(rs.getLong(1), rs.getBytes(2)))
        .list();
  }

  /** One recorded decision about a message. */
  public record DecisionEntry(long index, byte[] entryBytes) {}

  /** A message's new status. */
  public record StatusChange(String id, String status, @Nullable String reason, Instant at) {}

  /** A stored message as it was received, to be understood again. */
  public Optional<StoredMessage> find(String id) {
    return jdbc.sql(
            "SELECT sender_ods, transport, source_name, content_type, payload, received_at"
                + " FROM inbound_message WHERE id = ?")
        .param(id)
        .query(
            (rs, row) ->
                new StoredMessage(
                    rs.getString(1),
                    rs.getString(2),
                    rs.getString(3),
                    rs.getString(4),
                    rs.getBytes(5),
                    rs.getObject(6, OffsetDateTime.class).toInstant()))
        .optional();
  }

  /** A message as stored. */
  public record StoredMessage(
      String senderOds,
      String transport,
      @Nullable String sourceName,
      @Nullable String contentType,
      byte[] payload,
      Instant receivedAt) {}

  public Optional<String> status(String id) {
    return jdbc.sql("SELECT status FROM inbound_message WHERE id = ?")
        .param(id)
        .query(String.class)
        .optional();
  }
}
