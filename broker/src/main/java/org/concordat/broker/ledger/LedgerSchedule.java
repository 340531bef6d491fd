package org.concordat.broker.ledger;

import org.concordat.broker.settings.ConcordatProperties;
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
  void afterAppend(LedgerSequencer.EntriesAppended appended) {
    checkpointer.checkpointIfBehindBy(appended.treeSize(), properties.ledger().checkpointEntries());
  }

  @Scheduled(
      initialDelayString = "${concordat.ledger.checkpoint-interval}",
      fixedDelayString = "${concordat.ledger.checkpoint-interval}")
  void checkpoint() {
    checkpointer.checkpointIfGrown();
  }
}
