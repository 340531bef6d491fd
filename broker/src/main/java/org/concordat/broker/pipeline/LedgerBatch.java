package org.concordat.broker.pipeline;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongFunction;
import org.concordat.broker.persistence.InboundMessageRepository.StatusChange;
import org.concordat.broker.persistence.LedgerRepository.NewEntry;
import org.concordat.broker.persistence.OutboxRepository.NewDelivery;
import org.concordat.protocols.ledger.DisclosureBody;
import org.concordat.protocols.ledger.EntryBody;
import org.concordat.protocols.ledger.EntryType;
import org.concordat.protocols.ledger.LedgerEntry;
import org.jspecify.annotations.Nullable;

/**
 * What one group commit will write: ledger entries with consecutive indexes from the locked head,
 * the outbox rows they authorise, inbound status changes, and events to publish after the commit.
 * Work items only add to it; {@link LedgerSequencer} writes it all in one transaction.
 */
public final class LedgerBatch {
  private final Clock clock;
  private long nextIndex;
  private final List<NewEntry> entries = new ArrayList<>();
  private final List<NewDelivery> deliveries = new ArrayList<>();
  private final List<StatusChange> statuses = new ArrayList<>();
  private final List<Object> events = new ArrayList<>();
  private final List<Runnable> afterEntries = new ArrayList<>();
  private final List<Object> afterEntriesOwners = new ArrayList<>();
  private @Nullable Object currentOwner;

  LedgerBatch(long nextIndex, Clock clock) {
    this.nextIndex = nextIndex;
    this.clock = clock;
  }

  /**
   * Appends one entry. The body is built once its index is known, because a delivered record cites
   * the index of the entry that authorises it.
   */
  public LedgerEntry append(EntryType type, LongFunction<? extends EntryBody> bodyForIndex) {
    long index = nextIndex;
    EntryBody body = bodyForIndex.apply(index);
    LedgerEntry entry = new LedgerEntry(index, clock.instant(), type, body);
    String messageId = body instanceof DisclosureBody disclosure ? disclosure.messageId() : null;
    entries.add(NewEntry.of(entry, body.subjectKey().orElse(null), messageId));
    nextIndex = index + 1;
    return entry;
  }

  /**
   * Appends one entry whose body was made, with its canonical bytes ({@link
   * LedgerEntry#canonicalBody}), before it was sequenced: the sequencer's thread then only adds the
   * index and time and hashes.
   */
  public LedgerEntry append(EntryType type, EntryBody body, byte[] canonicalBody) {
    long index = nextIndex;
    LedgerEntry entry = new LedgerEntry(index, clock.instant(), type, body);
    String messageId = body instanceof DisclosureBody disclosure ? disclosure.messageId() : null;
    entries.add(NewEntry.of(entry, canonicalBody, body.subjectKey().orElse(null), messageId));
    nextIndex = index + 1;
    return entry;
  }

  /**
   * Runs {@code write} in the batch's transaction after its entries and outbox rows are stored: for
   * rows that reference a ledger entry of this batch.
   */
  public void afterEntries(Runnable write) {
    afterEntries.add(write);
    afterEntriesOwners.add(currentOwner);
  }

  /** The work item whose writes are being added (so a failing write is blamed on its item). */
  void owner(@Nullable Object item) {
    currentOwner = item;
  }

  /** Who added the write at {@code position} of {@link #afterEntries()}. */
  @Nullable Object afterEntriesOwner(int position) {
    return afterEntriesOwners.get(position);
  }

  /** Hands a delivery to the outbox; it commits with the entry that authorises it. */
  public void deliver(NewDelivery delivery) {
    deliveries.add(delivery);
  }

  /** Records what became of an inbound message. */
  public void markInbound(String messageId, String status, @Nullable String reason) {
    statuses.add(new StatusChange(messageId, status, reason, clock.instant()));
  }

  /** Publishes an event once the batch has committed (never for a batch that rolls back). */
  public void publishAfterCommit(Object event) {
    events.add(event);
  }

  /** The index the next appended entry will get. */
  public long nextIndex() {
    return nextIndex;
  }

  List<NewEntry> entries() {
    return entries;
  }

  List<NewDelivery> deliveries() {
    return deliveries;
  }

  List<StatusChange> statuses() {
    return statuses;
  }

  List<Runnable> afterEntries() {
    return afterEntries;
  }

  List<Object> events() {
    return events;
  }
}
