package org.concordat.broker.wiring;

import org.concordat.broker.persistence.Leadership;
import org.concordat.broker.pipeline.Checkpointer;
import org.concordat.broker.pipeline.DisclosureRecorded;
import org.concordat.broker.pipeline.ProtocolSignatureRecorder;
import org.springframework.boot.context.event.ApplicationReadyEvent;
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
  private final ProtocolSignatureRecorder signatures;
  private final Leadership leadership;

  LedgerSchedule(
      Checkpointer checkpointer,
      ConcordatProperties properties,
      ProtocolSignatureRecorder signatures,
      Leadership leadership) {
    this.checkpointer = checkpointer;
    this.properties = properties;
    this.signatures = signatures;
    this.leadership = leadership;
  }

  /** Once started, the leading node records the signatures of the protocol in force. */
  @EventListener(ApplicationReadyEvent.class)
  void recordProtocolSignatures() {
    if (leadership.isLeader()) {
      signatures.recordNewSignatures();
    }
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
