package org.concordat.broker.subject;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Per-person salts, keyed by a keyed hash of the NHS number (never the number itself). */
@Repository
class SubjectSaltRepository {
  private final JdbcClient jdbc;

  public SubjectSaltRepository(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  public Optional<byte[]> find(String lookupKey) {
    return jdbc.sql("SELECT salt FROM subject_salt WHERE lookup_key = ?")
        .param(lookupKey)
        .query((rs, row) -> rs.getBytes(1))
        .optional();
  }

  /**
   * Stores {@code salt} unless the person already has one, and returns the one that is stored (a
   * concurrent first disclosure about the same person may have won).
   */
  public byte[] findOrCreate(String lookupKey, byte[] salt, Instant now) {
    Optional<byte[]> existing = find(lookupKey);
    if (existing.isPresent()) {
      return existing.get();
    }
    try {
      jdbc.sql("INSERT INTO subject_salt (lookup_key, salt, created_at) VALUES (?, ?, ?)")
          .params(lookupKey, salt, OffsetDateTime.ofInstant(now, ZoneOffset.UTC))
          .update();
      return salt;
    } catch (DuplicateKeyException raced) {
      return find(lookupKey).orElseThrow(() -> raced);
    }
  }
}
