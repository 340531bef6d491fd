package org.concordat.broker.optout;

import java.sql.ResultSet;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.concordat.broker.consent.OptOutResults;
import org.concordat.broker.consent.PersonOptOut;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * National data opt-out check results: one row per person with the latest result and its expiry,
 * and one row per imported file. People are keyed by lookup key, never by NHS number.
 */
@Repository
public class OptOutRepository implements OptOutResults {
  private final JdbcClient jdbc;
  private final JdbcTemplate batches;

  public OptOutRepository(JdbcClient jdbc, JdbcTemplate batches) {
    this.jdbc = jdbc;
    this.batches = batches;
  }

  /** Records one import and replaces the status of every person in it. One transaction. */
  public void store(OptOutImport imported, List<PersonOptOut> statuses) {
    jdbc.sql(
            "INSERT INTO opt_out_import (id, imported_at, imported_by, source_name, cohort_size,"
                + " opted_out, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
        .params(
            imported.id(),
            utc(imported.importedAt()),
            imported.importedBy(),
            imported.sourceName(),
            imported.cohortSize(),
            imported.optedOut(),
            utc(imported.expiresAt()))
        .update();
    // Portable upsert (H2 and PostgreSQL differ): delete, then insert, both batched.
    batches.batchUpdate(
        "DELETE FROM opt_out_status WHERE lookup_key = ?",
        statuses,
        1000,
        (statement, status) -> statement.setString(1, status.lookupKey()));
    batches.batchUpdate(
        "INSERT INTO opt_out_status (lookup_key, opted_out, checked_at, expires_at, import_id)"
            + " VALUES (?, ?, ?, ?, ?)",
        statuses,
        1000,
        (statement, status) -> {
          statement.setString(1, status.lookupKey());
          statement.setBoolean(2, status.optedOut());
          statement.setObject(3, utc(imported.importedAt()));
          statement.setObject(4, utc(imported.expiresAt()));
          statement.setString(5, imported.id());
        });
  }

  @Override
  public Optional<PersonOptOut> find(String lookupKey) {
    return jdbc.sql(
            "SELECT lookup_key, opted_out, expires_at FROM opt_out_status WHERE lookup_key = ?")
        .param(lookupKey)
        .query(
            (rs, row) ->
                new PersonOptOut(
                    rs.getString(1),
                    rs.getBoolean(2),
                    rs.getObject(3, OffsetDateTime.class).toInstant()))
        .optional();
  }

  /** Every result that has not expired at {@code now}, streaming, for the consent cache. */
  @Override
  public void forEachValid(Instant now, BiConsumer<String, PersonOptOut> each) {
    jdbc.sql("SELECT lookup_key, opted_out, expires_at FROM opt_out_status WHERE expires_at > ?")
        .param(utc(now))
        .query(
            (ResultSet rs) -> {
              String key = rs.getString(1);
              each.accept(
                  key,
                  new PersonOptOut(
                      key, rs.getBoolean(2), rs.getObject(3, OffsetDateTime.class).toInstant()));
            });
  }

  /** The results one import recorded (still current for each person), for another node's cache. */
  @Override
  public List<PersonOptOut> statusesOf(String importId) {
    return jdbc.sql(
            "SELECT lookup_key, opted_out, expires_at FROM opt_out_status WHERE import_id = ?")
        .param(importId)
        .query(
            (rs, row) ->
                new PersonOptOut(
                    rs.getString(1),
                    rs.getBoolean(2),
                    rs.getObject(3, OffsetDateTime.class).toInstant()))
        .list();
  }

  @Override
  public List<String> recentImportIds(int limit) {
    return imports(limit).stream().map(OptOutImport::id).toList();
  }

  /** The imports, newest first. */
  public List<OptOutImport> imports(int limit) {
    return jdbc.sql(
            "SELECT id, imported_at, imported_by, source_name, cohort_size, opted_out, expires_at"
                + " FROM opt_out_import ORDER BY imported_at DESC LIMIT ?")
        .param(limit)
        .query(
            (rs, row) ->
                new OptOutImport(
                    rs.getString(1),
                    rs.getObject(2, OffsetDateTime.class).toInstant(),
                    rs.getString(3),
                    rs.getString(4),
                    rs.getInt(5),
                    rs.getInt(6),
                    rs.getObject(7, OffsetDateTime.class).toInstant()))
        .list();
  }

  private static OffsetDateTime utc(Instant instant) {
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }

  /** One imported file. */
  public record OptOutImport(
      String id,
      Instant importedAt,
      String importedBy,
      String sourceName,
      int cohortSize,
      int optedOut,
      Instant expiresAt) {}
}
