package org.concordat.broker.witness;

import java.time.Instant;
import org.concordat.broker.ledger.LedgerRepository;
import org.jspecify.annotations.Nullable;

/**
 * A stored witness alert as IG sees it ({@code GET /api/ledger/witness-alerts}): who raised it,
 * why, the size it had accepted and the note it was offered.
 */
public record WitnessAlertView(
    String id,
    String witnessOds,
    String reason,
    String detail,
    @Nullable Long acceptedSize,
    String offeredNote,
    Instant raisedAt) {

  static WitnessAlertView of(LedgerRepository.WitnessAlertRow row) {
    return new WitnessAlertView(
        row.id(),
        row.witnessOds(),
        row.reason(),
        row.detail(),
        row.acceptedSize(),
        row.offeredNote(),
        row.raisedAt());
  }
}
