package org.concordat.broker.breakglass;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.concordat.broker.consent.LiveGrants;
import org.concordat.protocols.consent.BreakGlassGrant;
import org.concordat.protocols.ledger.SubjectKey;
import org.concordat.protocols.sharing.OdsCode;
import org.concordat.protocols.sharing.PurposeCode;
import org.concordat.protocols.subject.LookupKey;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Break-glass grants and their reviews. The written reason is here; the ledger holds its hash. */
@Repository
class BreakGlassRepository implements LiveGrants {
  private static final String COLUMNS =
      "id, lookup_key, subject_key, sender_ods, recipient_ods, purpose, actor, actor_role, reason,"
          + " granted_at, expires_at, ledger_index, review_outcome, review_comment, reviewer,"
          + " reviewed_at, review_ledger_index, revoked_at, revoked_by, revocation_reason,"
          + " revocation_ledger_index";

  private final JdbcClient jdbc;

  public BreakGlassRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * The people whose grants were made, reviewed or revoked in ledger entries after {@code
   * afterIndex}.
   */
  @Override
  public List<String> changedSince(long afterIndex) {
    return jdbc.sql(
            "SELECT DISTINCT lookup_key FROM break_glass_grant"
                + " WHERE ledger_index > ? OR review_ledger_index > ?"
                + " OR revocation_ledger_index > ?")
        .params(afterIndex, afterIndex, afterIndex)
        .query(String.class)
        .list();
  }

  /** Stores a grant; call in the transaction that appends its break-glass-grant entry. */
  public void insert(Grant grant) {
    jdbc.sql(
            "INSERT INTO break_glass_grant (id, lookup_key, subject_key, sender_ods,"
                + " recipient_ods, purpose, actor, actor_role, reason, granted_at, expires_at,"
                + " ledger_index) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
        .params(
            grant.id(),
            grant.lookupKey().value(),
            grant.subjectKey().value(),
            grant.senderOds(),
            grant.recipientOds(),
            grant.purpose(),
            grant.actor(),
            grant.actorRole(),
            grant.reason(),
            utc(grant.grantedAt()),
            utc(grant.expiresAt()),
            grant.ledgerIndex())
        .update();
  }

  /**
   * Records the review of a grant not reviewed before; false if it was already reviewed (or does
   * not exist). Call in the transaction that appends the break-glass-review entry.
   */
  public boolean review(
      String id,
      String outcome,
      String comment,
      String reviewer,
      Instant reviewedAt,
      long reviewLedgerIndex) {
    return jdbc.sql(
                "UPDATE break_glass_grant SET review_outcome = ?, review_comment = ?,"
                    + " reviewer = ?, reviewed_at = ?, review_ledger_index = ?"
                    + " WHERE id = ? AND review_outcome IS NULL")
            .params(outcome, comment, reviewer, utc(reviewedAt), reviewLedgerIndex, id)
            .update()
        == 1;
  }

  /**
   * Records the revocation of a grant not revoked before; false if it was already revoked (or does
   * not exist). Call in the transaction that appends the break-glass-revocation entry.
   */
  public boolean revoke(
      String id, String revokedBy, String reason, Instant revokedAt, long revocationLedgerIndex) {
    return jdbc.sql(
                "UPDATE break_glass_grant SET revoked_at = ?, revoked_by = ?,"
                    + " revocation_reason = ?, revocation_ledger_index = ?"
                    + " WHERE id = ? AND revoked_at IS NULL")
            .params(utc(revokedAt), revokedBy, reason, revocationLedgerIndex, id)
            .update()
        == 1;
  }

  /**
   * Grants that have ended (expired by {@code now}, or revoked) whose queued disclosures have not
   * yet been decided again, oldest first.
   */
  public List<Grant> endedNotRedecided(Instant now, int limit) {
    return jdbc.sql(
            "SELECT "
                + COLUMNS
                + " FROM break_glass_grant WHERE end_redecided_at IS NULL"
                + " AND (expires_at <= ? OR revoked_at IS NOT NULL) ORDER BY expires_at, id LIMIT ?")
        .params(utc(now), limit)
        .query(BreakGlassRepository::row)
        .list();
  }

  /** Notes that the grant's queued disclosures were decided again after it ended. */
  public void markRedecided(String id, Instant at) {
    jdbc.sql(
            "UPDATE break_glass_grant SET end_redecided_at = ?"
                + " WHERE id = ? AND end_redecided_at IS NULL")
        .params(utc(at), id)
        .update();
  }

  public Optional<Grant> find(String id) {
    return jdbc.sql("SELECT " + COLUMNS + " FROM break_glass_grant WHERE id = ?")
        .param(id)
        .query(BreakGlassRepository::row)
        .optional();
  }

  /** Grants not yet reviewed, oldest first: the IG review queue. */
  public List<Grant> unreviewed(int limit) {
    return jdbc.sql(
            "SELECT "
                + COLUMNS
                + " FROM break_glass_grant WHERE review_outcome IS NULL"
                + " ORDER BY granted_at, id LIMIT ?")
        .param(limit)
        .query(BreakGlassRepository::row)
        .list();
  }

  /** Reviewed grants, most recently reviewed first. */
  public List<Grant> reviewed(int limit) {
    return jdbc.sql(
            "SELECT "
                + COLUMNS
                + " FROM break_glass_grant WHERE review_outcome IS NOT NULL"
                + " ORDER BY reviewed_at DESC, id LIMIT ?")
        .param(limit)
        .query(BreakGlassRepository::row)
        .list();
  }

  /** One person's grants that have neither expired at {@code now} nor been revoked. */
  public List<Grant> activeFor(String lookupKey, Instant now) {
    return jdbc.sql(
            "SELECT "
                + COLUMNS
                + " FROM break_glass_grant WHERE lookup_key = ? AND expires_at > ?"
                + " AND revoked_at IS NULL ORDER BY id")
        .params(lookupKey, utc(now))
        .query(BreakGlassRepository::row)
        .list();
  }

  /**
   * Every grant that has neither expired at {@code now} nor been revoked, for the consent cache's
   * start-up load.
   */
  public void forEachActive(Instant now, Consumer<Grant> each) {
    jdbc.sql(
            "SELECT "
                + COLUMNS
                + " FROM break_glass_grant WHERE expires_at > ? AND revoked_at IS NULL")
        .param(utc(now))
        .query((ResultSet rs) -> each.accept(row(rs, 0)));
  }

  @Override
  public void forEachLive(Instant now, BiConsumer<String, BreakGlassGrant> each) {
    forEachActive(now, grant -> each.accept(grant.lookupKey().value(), grant.asCore()));
  }

  @Override
  public List<BreakGlassGrant> liveFor(String lookupKey, Instant now) {
    return activeFor(lookupKey, now).stream().map(Grant::asCore).toList();
  }

  private static Grant row(ResultSet rs, int row) throws SQLException {
    OffsetDateTime reviewedAt = rs.getObject(16, OffsetDateTime.class);
    long reviewIndex = rs.getLong(17);
    boolean noReviewIndex = rs.wasNull();
    OffsetDateTime revokedAt = rs.getObject(18, OffsetDateTime.class);
    long revocationIndex = rs.getLong(21);
    boolean noRevocationIndex = rs.wasNull();
    return new Grant(
        rs.getString(1),
        new LookupKey(rs.getString(2)),
        new SubjectKey(rs.getString(3)),
        rs.getString(4),
        rs.getString(5),
        rs.getString(6),
        rs.getString(7),
        rs.getString(8),
        rs.getString(9),
        rs.getObject(10, OffsetDateTime.class).toInstant(),
        rs.getObject(11, OffsetDateTime.class).toInstant(),
        rs.getLong(12),
        rs.getString(13),
        rs.getString(14),
        rs.getString(15),
        reviewedAt == null ? null : reviewedAt.toInstant(),
        noReviewIndex ? null : reviewIndex,
        revokedAt == null ? null : revokedAt.toInstant(),
        rs.getString(19),
        rs.getString(20),
        noRevocationIndex ? null : revocationIndex);
  }

  private static OffsetDateTime utc(Instant instant) {
    return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
  }

  /** One grant and, once reviewed, its review; once revoked, its revocation. */
  public record Grant(
      String id,
      LookupKey lookupKey,
      SubjectKey subjectKey,
      String senderOds,
      String recipientOds,
      String purpose,
      String actor,
      String actorRole,
      String reason,
      Instant grantedAt,
      Instant expiresAt,
      long ledgerIndex,
      @Nullable String reviewOutcome,
      @Nullable String reviewComment,
      @Nullable String reviewer,
      @Nullable Instant reviewedAt,
      @Nullable Long reviewLedgerIndex,
      @Nullable Instant revokedAt,
      @Nullable String revokedBy,
      @Nullable String revocationReason,
      @Nullable Long revocationLedgerIndex) {

    /** The reference cited in decisions and ledger entries. */
    public String reference() {
      return "BreakGlass/" + id;
    }

    /** The grant as the decision engine weighs it. */
    public BreakGlassGrant asCore() {
      return new BreakGlassGrant(
          reference(),
          new OdsCode(senderOds),
          new OdsCode(recipientOds),
          new PurposeCode(purpose),
          grantedAt,
          expiresAt);
    }
  }
}
