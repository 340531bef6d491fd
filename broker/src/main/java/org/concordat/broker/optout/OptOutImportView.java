package org.concordat.broker.optout;

import java.time.Instant;

/** One past opt-out import, as {@code GET /api/opt-out/imports} lists it. */
public record OptOutImportView(
    String id,
    Instant importedAt,
    String importedBy,
    String sourceName,
    int cohortSize,
    int optedOut,
    Instant expiresAt) {

  static OptOutImportView of(OptOutRepository.OptOutImport row) {
    return new OptOutImportView(
        row.id(),
        row.importedAt(),
        row.importedBy(),
        row.sourceName(),
        row.cohortSize(),
        row.optedOut(),
        row.expiresAt());
  }
}
