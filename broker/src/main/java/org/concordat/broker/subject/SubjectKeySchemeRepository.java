package org.concordat.broker.subject;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.concordat.protocols.ledger.SubjectKeyScheme;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The database's one {@link SubjectKeyScheme} (table {@code subject_key_scheme}, migration V13).
 * All nodes share the database, so all use the scheme stored there; the first to start on an empty
 * database stores {@link SubjectKeyScheme#HKDF_V2}, and a node that loses that race reads the
 * winner's row.
 */
@Repository
class SubjectKeySchemeRepository {
  private final JdbcClient jdbc;

  SubjectKeySchemeRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  Optional<SubjectKeyScheme> find() {
    return jdbc.sql("SELECT scheme FROM subject_key_scheme WHERE id = 1")
        .query(String.class)
        .optional()
        .map(SubjectKeyScheme::fromCode);
  }

  /** The stored scheme, storing {@code forNewDatabase} first if there is none yet. */
  SubjectKeyScheme findOrChoose(SubjectKeyScheme forNewDatabase, Instant now) {
    Optional<SubjectKeyScheme> stored = find();
    if (stored.isPresent()) {
      return stored.get();
    }
    try {
      jdbc.sql("INSERT INTO subject_key_scheme (id, scheme, chosen_at) VALUES (1, ?, ?)")
          .params(forNewDatabase.code(), OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
          .update();
      return forNewDatabase;
    } catch (DuplicateKeyException raced) {
      return find().orElseThrow(() -> raced);
    }
  }
}
