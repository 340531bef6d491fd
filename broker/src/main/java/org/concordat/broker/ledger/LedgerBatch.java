package org.concordat.broker.ledger;

import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongFunction;
import org.concordat.broker.events.BrokerEvent;
import org.concordat.broker.ledger.LedgerRepository.NewEntry;
import org.concordat.protocols.ledger.DisclosureBody;
import org.concordat.protocols.ledger.EntryBody;
import org.concordat.protocols.ledger.EntryType;
import org.concordat.protocols.ledger.LedgerEntry;
import org.concordat.protocols.ledger.SubjectKey;
import org.jspecify.annotations.Nullable;

/**
 * What one group commit will write: ledger entries with consecutive indexes from the locked head,
 * the typed rows that commit with them ({@link BatchWrites}, {@link RowWrite}), and events to
 * publish after the commit. Work items only add to it; {@link LedgerSequencer} writes it all in one
 * transaction.
 */
public final class LedgerBatch {
  private final Clock clock;
  private long nextIndex;
  private final List<NewEntry> entries = new ArrayList<>();
  private final Map<BatchWrites<?>, Rows<?>> batched = new LinkedHashMap<>();
  private final List<OwnRow<?>> ownRows = new ArrayList<>();
  private final List<BrokerEvent> events = new ArrayList<>();
  private @Nullable QueuedWork<?> currentItem;

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
    entries.add(
        NewEntry.of(entry, body.subjectKey().map(SubjectKey::value).orElse(null), messageId));
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
    entries.add(
        NewEntry.of(
            entry,
            canonicalBody,
            body.subjectKey().map(SubjectKey::value).orElse(null),
            messageId));
    nextIndex = index + 1;
    return entry;
  }

  /** Adds a row to be written, with the batch's other rows of its kind, after the entries. */
  public <T> void add(BatchWrites<T> table, T row) {
    @SuppressWarnings("unchecked") // the map's key and value share T, by construction here
    Rows<T> rows = (Rows<T>) batched.computeIfAbsent(table, t -> new Rows<>(table));
    rows.rows.add(row);
  }

  /**
   * Adds a row written on its own after the entries and batched rows; if writing it fails, the work
   * item that added it fails alone.
   */
  public <T> void insert(RowWrite<T> write, T row) {
    ownRows.add(new OwnRow<>(write, row, currentItem));
  }

  /** Publishes an event once the batch has committed (never for a batch that rolls back). */
  public void publishAfterCommit(BrokerEvent event) {
    events.add(event);
  }

  /** The index the next appended entry will get. */
  public long nextIndex() {
    return nextIndex;
  }

  /** The work item whose writes are being added (so a failing row is blamed on its item). */
  void currentItem(@Nullable QueuedWork<?> item) {
    currentItem = item;
  }

  List<NewEntry> entries() {
    return entries;
  }

  /** Writes the batched rows, kind by kind in the order first added. */
  void writeBatched() {
    batched.values().forEach(Rows::write);
  }

  List<OwnRow<?>> ownRows() {
    return ownRows;
  }

  List<BrokerEvent> events() {
    return events;
  }

  private static final class Rows<T> {
    private final BatchWrites<T> table;
    private final List<T> rows = new ArrayList<>();

    Rows(BatchWrites<T> table) {
      this.table = table;
    }

    void write() {
      table.writeAll(rows);
    }
  }

  /** A row written alone, and the work item that added it. */
  record OwnRow<T>(RowWrite<T> writer, T row, @Nullable QueuedWork<?> item) {
    void write() {
      writer.write(row);
    }
  }
}
