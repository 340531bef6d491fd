package org.concordat.broker.wiring;

import org.concordat.broker.pipeline.Checkpointer;
import org.concordat.broker.pipeline.DisclosureRecorded;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Signs a ledger checkpoint every {@code concordat.ledger.checkpoint-interval} if the ledger grew,
 * and sooner once {@code concordat.ledger.checkpoint-entries} entries are not yet covered.
 */
@Component
class LedgerSchedule {
  private final Checkpointer checkpointer;
  private final ConcordatProperties properties;

  LedgerSchedule(Checkpointer checkpointer, ConcordatProperties properties) {
    this.checkpointer = checkpointer;
    this.properties = properties;
  }

  @EventListener
  void afterAppend(DisclosureRecorded recorded) {
    checkpointer.checkpointIfBehindBy(
        recorded.ledgerIndex() + 1, properties.ledger().checkpointEntries());
  }

  @Scheduled(
      initialDelayString = "${concordat.ledger.checkpoint-interval}",
      fixedDelayString = "${concordat.ledger.checkpoint-interval}")
  void checkpoint() {
    checkpointer.checkpointIfGrown();
  }
}
