package org.concordat.broker.pipeline;

import java.time.Clock;
import java.util.function.LongFunction;
import org.concordat.broker.persistence.LedgerRepository;
import org.concordat.protocols.ledger.DisclosureBody;
import org.concordat.protocols.ledger.EntryType;
import org.concordat.protocols.ledger.LedgerEntry;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The ledger's single writer. An append joins the caller's transaction (it refuses to run outside
 * one), so an entry commits together with the outbox row it authorises or not at all.
 */
@Component
public class LedgerAppender {
  private final LedgerRepository ledger;
  private final Clock clock;

  public LedgerAppender(LedgerRepository ledger, Clock clock) {
    this.ledger = ledger;
    this.clock = clock;
  }

  /**
   * Appends one entry. The body is built once its index is known, because some payloads (a
   * delivered record) cite the index of the entry that authorises them.
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public LedgerEntry append(EntryType type, LongFunction<DisclosureBody> bodyForIndex) {
    long index = ledger.lockHead();
    DisclosureBody body = bodyForIndex.apply(index);
    LedgerEntry entry = new LedgerEntry(index, clock.instant(), type, body);
    ledger.insert(entry, body.subject(), body.messageId());
    return entry;
  }
}
