package org.concordat.broker.consent;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.BiConsumer;
import org.concordat.protocols.consent.ConsentDirective;
import org.concordat.protocols.sharing.Protocol;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Every version of every consent directive. A change inserts a new version and moves the "current"
 * mark; no version is ever updated or deleted, so the history is complete.
 */
@Repository
public class ConsentRepository {
  private static final String COLUMNS =
      "c.id, c.version, c.lookup_key, c.status, c.recorded_at, c.stored_at, c.review_date,"
          + " c.recorder_ods, c.resource_json, c.resource_sha256, c.directives_json,"
          + " c.ledger_index, c.is_current";

  /** The search-index term naming a partner whose flow the version's permit opens. */
  private static final String OPENS_FOR = "opens-for";

  private final JdbcClient jdbc;

  public ConsentRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * Stores a new version and makes it the current one. Call inside the transaction that appends its
   * consent-change ledger entry.
   */
  public void insert(StoredConsent version) {
    jdbc.sql("UPDATE consent_directive SET is_current = FALSE WHERE id = ? AND is_current = TRUE")
        .param(version.id())
        .update();
    jdbc.sql(
            "INSERT INTO consent_directive (id, version, lookup_key, status, recorded_at,"
                + " stored_at, review_date, recorder_ods, resource_json, resource_sha256,"
                + " directives_json, ledger_index, is_current)"
                + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, TRUE)")
        .params(
            version.id(),
            version.version(),
            version.lookupKey(),
            version.status(),
            utc(version.recordedAt()),
            utc(version.storedAt()),
            version.reviewDate(),
            version.recorderOds(),
            version.resourceJson(),
            version.resourceSha256(),
            ConsentDirectivesJson.write(version.directives()),
            version.ledgerIndex())
        .update();
    for (String purpose : version.purposes()) {
      term(version, "purpose", purpose);
    }
    for (String recipient : version.recipients()) {
      term(version, "recipient", recipient);
    }
    for (String sender : version.openers()) {
      term(version, OPENS_FOR, sender);
    }
  }

  private void term(StoredConsent version, String term, String value) {
    jdbc.sql(
            "INSERT INTO consent_directive_term (id, version, term, term_value)"
                + " VALUES (?, ?, ?, ?)")
        .params(version.id(), version.version(), term, value)
        .update();
  }

  public Optional<StoredConsent> current(String id) {
    return jdbc.sql(
            "SELECT " + COLUMNS + " FROM consent_directive c WHERE c.id = ? AND c.is_current")
        .param(id)
        .query(this::row)
        .optional();
  }

  public Optional<StoredConsent> version(String id, int version) {
    return jdbc.sql(
            "SELECT " + COLUMNS + " FROM consent_directive c WHERE c.id = ? AND c.version = ?")
        .params(id, version)
        .query(this::row)
        .optional();
  }

  /** Every version of one directive, newest first. */
  public List<StoredConsent> history(String id) {
    return jdbc.sql(
            "SELECT "
                + COLUMNS
                + " FROM consent_directive c WHERE c.id = ? ORDER BY c.version DESC")
        .param(id)
        .query(this::row)
        .list();
  }

  /** The current version of each of one person's directives. */
  public List<StoredConsent> currentFor(String lookupKey) {
    return jdbc.sql(
            "SELECT "
                + COLUMNS
                + " FROM consent_directive c WHERE c.lookup_key = ? AND c.is_current"
                + " ORDER BY c.id")
        .param(lookupKey)
        .query(this::row)
        .list();
  }

  /**
   * Calls {@code each} with the lookup key and directives of every current version in force ({@code
   * active}), streaming, for the consent cache's start-up load.
   */
  public void forEachInForce(BiConsumer<String, List<ConsentDirective>> each) {
    jdbc.sql(
            "SELECT lookup_key, directives_json, recorded_at FROM consent_directive"
                + " WHERE is_current AND status = 'active'")
        .query(
            (ResultSet rs) -> {
              each.accept(
                  rs.getString(1),
                  ConsentDirectivesJson.read(
                      rs.getString(2),
                      rs.getObject(3, OffsetDateTime.class)
                          .atZoneSameInstant(Protocol.PARTNERSHIP_ZONE)
                          .toLocalDate()));
            });
  }

  /** The people whose directives changed in ledger entries after {@code afterIndex}. */
  public List<String> changedSince(long afterIndex) {
    return jdbc.sql("SELECT DISTINCT lookup_key FROM consent_directive WHERE ledger_index > ?")
        .param(afterIndex)
        .query(String.class)
        .list();
  }

  /** Current versions matching every given criterion, newest recorded first. */
  public List<StoredConsent> search(Criteria criteria) {
    StringBuilder sql =
        new StringBuilder("SELECT " + COLUMNS + " FROM consent_directive c WHERE c.is_current");
    List<Object> params = new ArrayList<>();
    if (criteria.lookupKey() != null) {
      sql.append(" AND c.lookup_key = ?");
      params.add(criteria.lookupKey());
    }
    if (criteria.status() != null) {
      sql.append(" AND c.status = ?");
      params.add(criteria.status());
    }
    if (criteria.visibleTo() != null) {
      // A partner sees what it recorded any version of, and what opens one of its flows.
      sql.append(
          " AND (EXISTS (SELECT 1 FROM consent_directive o WHERE o.id = c.id"
              + " AND o.recorder_ods = ?)"
              + " OR EXISTS (SELECT 1 FROM consent_directive_term t WHERE t.id = c.id"
              + " AND t.version = c.version AND t.term = ? AND t.term_value = ?))");
      params.add(criteria.visibleTo());
      params.add(OPENS_FOR);
      params.add(criteria.visibleTo());
    }
    if (criteria.recordedFrom() != null) {
      sql.append(" AND c.recorded_at >= ?");
      params.add(utc(criteria.recordedFrom()));
    }
    if (criteria.recordedBefore() != null) {
      sql.append(" AND c.recorded_at < ?");
      params.add(utc(criteria.recordedBefore()));
    }
    termFilter(sql, params, "purpose", criteria.purpose());
    termFilter(sql, params, "recipient", criteria.recipient());
    sql.append(" ORDER BY c.recorded_at DESC, c.id LIMIT ?");
    params.add(criteria.limit());
    return jdbc.sql(sql.toString()).params(params).query(this::row).list();
  }

  private static void termFilter(
      StringBuilder sql, List<Object> params, String term, @Nullable String value) {
    if (value != null) {
      sql.append(
          " AND EXISTS (SELECT 1 FROM consent_directive_term t WHERE t.id = c.id"
              + " AND t.version = c.version AND t.term = ? AND t.term_value = ?)");
      params.add(term);
      params.add(value);
    }
  }

  /** Current, active versions whose review date is on or before {@code day}, oldest first. */
  public List<StoredConsent> reviewDue(LocalDate day, int limit) {
    return jdbc.sql(
            "SELECT "
                + COLUMNS
                + " FROM consent_directive c WHERE c.is_current AND c.status = 'active'"
                + " AND c.review_date <= ? ORDER BY c.review_date, c.id LIMIT ?")
        .params(day, limit)
        .query(this::row)
        .list();
  }

  private StoredConsent row(ResultSet rs, int row) throws SQLException {
    java.sql.Date review = rs.getDate(7);
    return new StoredConsent(
        rs.getString(1),
        rs.getInt(2),
        rs.getString(3),
        rs.getString(4),
        rs.getObject(5, OffsetDateTime.class).toInstant(),
        rs.getObject(6, OffsetDateTime.class).toInstant(),
        review == null ? null : review.toLocalDate(),
        rs.getString(8),
        rs.getBytes(9),
        rs.getString(10),
        ConsentDirectivesJson.read(
            rs.getString(11),
            rs.getObject(5, OffsetDateTime.class)
                .atZoneSameInstant(Protocol.PARTNERSHIP_ZONE)
                .toLocalDate()),
        rs.getLong(12),
        rs.getBoolean(13),
        Set.of(),
        Set.of(),
        Set.of());
  }

  private static OffsetDateTime utc(Instant instant) {
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }

  /**
   * Search criteria; null means "any".
   *
   * @param visibleTo a partner's ODS code: only directives it recorded a version of, or whose
   *     current version opens one of its flows (as the protocol stood when it was recorded)
   */
  public record Criteria(
      @Nullable String lookupKey,
      @Nullable String status,
      @Nullable String purpose,
      @Nullable String recipient,
      @Nullable Instant recordedFrom,
      @Nullable Instant recordedBefore,
      @Nullable String visibleTo,
      int limit) {}

  /**
   * One stored version.
   *
   * @param status the FHIR Consent.status code, e.g. {@code active} or {@code inactive}
   * @param purposes the purpose codes it speaks about (written to the search index; empty on read)
   * @param recipients the recipient ODS codes it speaks about (likewise)
   * @param openers the ODS codes of the senders whose flows its permits open (likewise)
   */
  public record StoredConsent(
      String id,
      int version,
      String lookupKey,
      String status,
      Instant recordedAt,
      Instant storedAt,
      @Nullable LocalDate reviewDate,
      String recorderOds,
      byte[] resourceJson,
      String resourceSha256,
      List<ConsentDirective> directives,
      long ledgerIndex,
      boolean current,
      Set<String> purposes,
      Set<String> recipients,
      Set<String> openers) {

    /** The version reference used in directives, ledger entries and receipts. */
    public String reference() {
      return "Consent/" + id + "/_history/" + version;
    }
  }
}
