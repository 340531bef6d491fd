package org.concordat.broker.wiring;

import org.concordat.broker.pipeline.Checkpointer;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Signs a ledger checkpoint every {@code concordat.ledger.checkpoint-interval} if it grew. */
@Component
class LedgerSchedule {
  private final Checkpointer checkpointer;

  LedgerSchedule(Checkpointer checkpointer) {
    this.checkpointer = checkpointer;
  }

  @Scheduled(
      initialDelayString = "${concordat.ledger.checkpoint-interval}",
      fixedDelayString = "${concordat.ledger.checkpoint-interval}")
  void checkpoint() {
    checkpointer.checkpointIfGrown();
  }
}
