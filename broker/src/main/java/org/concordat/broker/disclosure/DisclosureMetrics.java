package org.concordat.broker.disclosure;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.concordat.broker.events.DisclosureRecorded;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;

/**
 * Counts and logs ledger entries once they have committed ({@code concordat_disclosures_total} by
 * decision, sender and recipient). The log line names parties and purpose, never the person.
 */
class DisclosureMetrics {
  private static final Logger log = LoggerFactory.getLogger(DisclosureMetrics.class);
  private final MeterRegistry registry;

  public DisclosureMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  @EventListener
  public void on(DisclosureRecorded event) {
    Counter.builder("concordat.disclosures")
        .description("Ledger entries about disclosures, by outcome and parties")
        .tag("outcome", event.outcome())
        .tag("sender", event.sender())
        .tag("recipient", event.recipient())
        .register(registry)
        .increment();
    log.info(
        "Ledger entry {} ({}): {} -> {} for {}: {}",
        event.ledgerIndex(),
        event.entryType(),
        event.sender(),
        event.recipient(),
        event.purpose(),
        event.outcome());
  }
}
