package org.concordat.broker.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.concordat.broker.events.BrokerEvent;
import org.concordat.protocols.ledger.Actor;
import org.concordat.protocols.ledger.EntryType;
import org.concordat.protocols.ledger.LedgerEntry;
import org.concordat.protocols.ledger.ProtocolEventBody;
import org.concordat.protocols.sharing.OdsCode;
import org.concordat.protocols.sharing.ProtocolRef;
import org.junit.jupiter.api.Test;

/** What one group commit holds, before the sequencer writes it: no database needed. */
class LedgerBatchTest {
  private static final Instant NOW = Instant.parse("2026-03-01T10:15:30Z");
  private static final ProtocolRef PROTOCOL = new ProtocolRef("p", "1", "0".repeat(64));

  private final LedgerBatch batch = new LedgerBatch(41, Clock.fixed(NOW, ZoneOffset.UTC));

  @Test
  void entriesTakeConsecutiveIndexesFromTheHeadAndTheBodySeesItsOwnIndex() {
    List<Long> seen = new ArrayList<>();
    LedgerEntry first =
        batch.append(
            EntryType.PROTOCOL_SUSPENDED,
            index -> {
              seen.add(index);
              return body("first");
            });
    LedgerEntry second = batch.append(EntryType.PROTOCOL_SUSPENDED, index -> body("second"));

    assertThat(seen).containsExactly(41L);
    assertThat(first.index()).isEqualTo(41);
    assertThat(second.index()).isEqualTo(42);
    assertThat(batch.nextIndex()).isEqualTo(43);
    assertThat(first.time()).isEqualTo(NOW);
    assertThat(batch.entries()).extracting(e -> e.entry().index()).containsExactly(41L, 42L);
  }

  @Test
  void rowsOfOneKindAreWrittenTogetherKindByKindInTheOrderFirstAdded() {
    List<String> writes = new ArrayList<>();
    BatchWrites<String> outbox = rows -> writes.add("outbox " + rows);
    BatchWrites<Integer> statuses = rows -> writes.add("statuses " + rows);

    batch.add(outbox, "a");
    batch.add(statuses, 1);
    batch.add(outbox, "b");
    batch.writeBatched();

    assertThat(writes).containsExactly("outbox [a, b]", "statuses [1]");
  }

  @Test
  void aRowWrittenOnItsOwnRemembersTheWorkItemThatAddedIt() {
    QueuedWork<String> first = new QueuedWork<>(b -> "first");
    QueuedWork<String> second = new QueuedWork<>(b -> "second");
    List<String> written = new ArrayList<>();

    batch.currentItem(first);
    batch.insert(written::add, "key-1");
    batch.currentItem(second);
    batch.insert(written::add, "key-2");
    batch.currentItem(null);
    batch.ownRows().forEach(LedgerBatch.OwnRow::write);

    assertThat(batch.ownRows()).extracting(LedgerBatch.OwnRow::item).containsExactly(first, second);
    assertThat(written).containsExactly("key-1", "key-2");
  }

  @Test
  void eventsWaitForTheCommitInTheOrderTheyWereAdded() {
    BrokerEvent one = new Checkpointer.CheckpointSigned(1, "note one");
    BrokerEvent two = new Checkpointer.CheckpointSigned(2, "note two");
    batch.publishAfterCommit(one);
    batch.publishAfterCommit(two);

    assertThat(batch.events()).containsExactly(one, two);
  }

  private static ProtocolEventBody body(String reason) {
    return new ProtocolEventBody(
        PROTOCOL, OdsCode.of("RXA"), new Actor("ig.lead", "information governance"), reason);
  }
}
