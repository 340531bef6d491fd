package org.concordat.broker.persistence;

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
