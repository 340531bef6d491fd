package org.concordat.broker.persistence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.concordat.broker.persistence.OutboxRepository.NewDelivery;
import org.concordat.broker.persistence.OutboxRepository.PendingDelivery;
import org.concordat.broker.pipeline.LedgerSequencer;
import org.concordat.protocols.decision.Decision;
import org.concordat.protocols.decision.DecisionRequest;
import org.concordat.protocols.decision.Reason;
import org.concordat.protocols.ledger.DisclosureBody;
import org.concordat.protocols.ledger.EntryType;
import org.concordat.protocols.ledger.LedgerEntry;
import org.concordat.protocols.sharing.CategoryCode;
import org.concordat.protocols.sharing.OdsCode;
import org.concordat.protocols.sharing.ProtocolRef;
import org.concordat.protocols.sharing.PurposeCode;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The ledger and outbox tables behave the same on H2 (the embedded default) and PostgreSQL
 * (production): migrations, dense sequential appends, and one transaction for entry and outbox.
 * PostgreSQL must be running at 127.0.0.1:5432 (user postgres, trust auth); {@code .ci/run} starts
 * it. Each run uses a fresh schema or database and drops it afterwards.
 */
class LedgerPersistenceIT {
  private static final ProtocolRef PROTOCOL = new ProtocolRef("p", "1", "0".repeat(64));
  private static final Instant NOW = Instant.parse("2026-03-01T10:15:30Z");

  enum Database {
    H2,
    POSTGRESQL
  }

  private Runnable cleanup = () -> {};

  @AfterEach
  void dropSchema() {
    cleanup.run();
  }

  @ParameterizedTest
  @EnumSource(Database.class)
  void appendsDenseEntriesTogetherWithTheirOutboxRows(Database database) {
    Store store = open(database);

    for (int i = 0; i < 3; i++) {
      String messageId = UUID.randomUUID().toString();
      store.sequencer.record(
          batch -> {
            LedgerEntry entry = batch.append(EntryType.DISCLOSURE, index -> body(messageId));
            batch.deliver(delivery(entry.index(), messageId));
            return entry;
          });
    }

    assertThat(store.ledger.size()).isEqualTo(3);
    List<LedgerRepository.StoredEntry> entries = store.ledger.entries(0, 3);
    assertThat(entries).extracting(LedgerRepository.StoredEntry::index).containsExactly(0L, 1L, 2L);
    for (LedgerRepository.StoredEntry stored : entries) {
      LedgerEntry parsed = LedgerEntry.parse(stored.bytes());
      assertThat(parsed.index()).isEqualTo(stored.index());
      assertThat(parsed.time()).isEqualTo(NOW);
      assertThat(stored.leafHash()).isEqualTo(parsed.leafHash());
    }
    List<PendingDelivery> due = store.outbox.due(NOW, 10);
    assertThat(due).extracting(PendingDelivery::ledgerIndex).containsExactly(0L, 1L, 2L);
    assertThat(due.get(0).payload()).isEqualTo(new byte[] {1, 2, 3});
  }

  @ParameterizedTest
  @EnumSource(Database.class)
  void rollsBackTheLedgerEntryWhenItsOutboxRowCannotBeWritten(Database database) {
    Store store = open(database);
    String messageId = UUID.randomUUID().toString();
    store.sequencer.record(
        batch -> {
          LedgerEntry entry = batch.append(EntryType.DISCLOSURE, index -> body(messageId));
          batch.deliver(delivery(entry.index(), messageId));
          return entry;
        });

    // Same idempotency key: the unique constraint fails the commit, entry and row alike.
    assertThatThrownBy(
            () ->
                store.sequencer.record(
                    batch -> {
                      LedgerEntry entry =
                          batch.append(EntryType.DISCLOSURE, index -> body(messageId));
                      batch.deliver(delivery(entry.index(), messageId));
                      return entry;
                    }))
        .isInstanceOf(org.concordat.broker.pipeline.LedgerUnavailableException.class);

    assertThat(store.ledger.size()).isEqualTo(1);
    assertThat(store.ledger.entries(0, 10)).hasSize(1);
    assertThat(store.outbox.due(NOW, 10)).hasSize(1);
  }

  @ParameterizedTest
  @EnumSource(Database.class)
  void failsOnlyTheWorkItemThatThrowsAndCommitsTheRest(Database database) throws Exception {
    Store store = open(database);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Long>> futures = new ArrayList<>();
      for (int i = 0; i < 40; i++) {
        boolean poisoned = i % 10 == 3;
        futures.add(
            pool.submit(
                () ->
                    store.sequencer.record(
                        batch -> {
                          long index =
                              batch
                                  .append(
                                      EntryType.DENIAL,
                                      idx -> denialBody(UUID.randomUUID().toString()))
                                  .index();
                          if (poisoned) {
                            throw new IllegalStateException("translation failed");
                          }
                          return index;
                        })));
      }
      int failed = 0;
      for (Future<Long> future : futures) {
        try {
          future.get();
        } catch (java.util.concurrent.ExecutionException e) {
          assertThat(e.getCause()).hasMessage("translation failed");
          failed++;
        }
      }
      assertThat(failed).isEqualTo(4);
    } finally {
      pool.shutdown();
    }

    assertThat(store.ledger.size()).isEqualTo(36);
    assertThat(store.ledger.entries(0, 36))
        .extracting(LedgerRepository.StoredEntry::index)
        .containsExactlyElementsOf(java.util.stream.LongStream.range(0, 36).boxed().toList());
  }

  @ParameterizedTest
  @EnumSource(Database.class)
  void givesConcurrentAppendsDistinctDenseIndexes(Database database) throws Exception {
    Store store = open(database);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Long> indexes = Collections.synchronizedList(new ArrayList<>());
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        futures.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 10; i++) {
                    Long index =
                        store.sequencer.record(
                            batch ->
                                batch
                                    .append(
                                        EntryType.DENIAL,
                                        idx -> denialBody(UUID.randomUUID().toString()))
                                    .index());
                    indexes.add(index);
                  }
                }));
      }
      for (Future<?> future : futures) {
        future.get();
      }
    } finally {
      pool.shutdown();
    }

    assertThat(indexes).hasSize(40).doesNotHaveDuplicates();
    assertThat(Set.copyOf(indexes))
        .isEqualTo(Set.copyOf(java.util.stream.LongStream.range(0, 40).boxed().toList()));
    assertThat(store.ledger.size()).isEqualTo(40);
    // Group commit: concurrent appends share commits (the first waits alone, so fewer than 40).
    assertThat(store.sequencer.appended()).isEqualTo(40);
    assertThat(store.sequencer.commits()).isLessThan(40);
  }

  @ParameterizedTest
  @EnumSource(Database.class)
  void keepsCheckpointsAndReturnsTheLatest(Database database) {
    Store store = open(database);

    store.ledger.saveCheckpoint(1, new byte[32], "note one\n", NOW);
    store.ledger.saveCheckpoint(5, new byte[] {5}, "note five\n", NOW);

    assertThat(store.ledger.latestCheckpoint())
        .hasValueSatisfying(
            c -> {
              assertThat(c.treeSize()).isEqualTo(5);
              assertThat(c.signedNote()).isEqualTo("note five\n");
            });
  }

  @ParameterizedTest
  @EnumSource(Database.class)
  void tracksDeliveryAttemptsUntilDeliveredOrFailed(Database database) {
    Store store = open(database);
    String first = UUID.randomUUID().toString();
    String second = UUID.randomUUID().toString();
    store.sequencer.record(
        batch -> {
          batch.deliver(
              delivery(batch.append(EntryType.DISCLOSURE, i -> body(first)).index(), first));
          batch.deliver(
              delivery(batch.append(EntryType.DISCLOSURE, i -> body(second)).index(), second));
          return first;
        });
    List<PendingDelivery> due = store.outbox.due(NOW, 10);

    store.outbox.markRetry(due.get(0).id(), 1, NOW.plusSeconds(60), "IOException: disk full");
    store.outbox.markDelivered(due.get(1).id(), NOW);

    assertThat(store.outbox.due(NOW.plusSeconds(1), 10)).isEmpty();
    assertThat(store.outbox.due(NOW.plusSeconds(61), 10))
        .singleElement()
        .satisfies(d -> assertThat(d.attempts()).isEqualTo(1));
    assertThat(store.outbox.statusesForMessage(second)).containsExactly("DELIVERED");
    store.outbox.markFailed(due.get(0).id(), 5, "gave up");
    assertThat(store.outbox.statusesForMessage(first)).containsExactly("FAILED");
  }

  private Store open(Database database) {
    DataSource dataSource =
        switch (database) {
          case H2 -> {
            JdbcDataSource h2 = new JdbcDataSource();
            h2.setURL("jdbc:h2:mem:ledger-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
            h2.setUser("sa");
            cleanup = () -> execute(h2, "SHUTDOWN");
            yield h2;
          }
          case POSTGRESQL -> {
            String schema = "concordat_it_" + UUID.randomUUID().toString().replace("-", "");
            PGSimpleDataSource pg = new PGSimpleDataSource();
            pg.setURL("jdbc:postgresql://127.0.0.1:5432/test");
            pg.setUser("postgres");
            pg.setCurrentSchema(schema);
            cleanup = () -> execute(pg, "DROP SCHEMA IF EXISTS " + schema + " CASCADE");
            yield pg;
          }
        };
    String schema =
        database == Database.POSTGRESQL
            ? ((PGSimpleDataSource) dataSource).getCurrentSchema()
            : null;
    var flyway = Flyway.configure().dataSource(dataSource).locations("classpath:db/migration");
    if (schema != null) {
      flyway = flyway.schemas(schema).createSchemas(true);
    }
    flyway.load().migrate();
    JdbcClient jdbc = JdbcClient.create(dataSource);
    JdbcTemplate template = new JdbcTemplate(dataSource);
    LedgerRepository ledger = new LedgerRepository(jdbc, template);
    OutboxRepository outbox = new OutboxRepository(jdbc, template);
    LedgerSequencer sequencer =
        new LedgerSequencer(
            ledger,
            outbox,
            new InboundMessageRepository(jdbc, template),
            new TransactionTemplate(new DataSourceTransactionManager(dataSource)),
            event -> {},
            Clock.fixed(NOW, ZoneOffset.UTC),
            64,
            Duration.ofSeconds(30));
    Runnable dropDatabase = cleanup;
    cleanup =
        () -> {
          sequencer.close();
          dropDatabase.run();
        };
    return new Store(ledger, outbox, sequencer);
  }

  private static void execute(DataSource dataSource, String sql) {
    try (Connection connection = dataSource.getConnection();
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    } catch (SQLException e) {
      throw new IllegalStateException("Cleanup failed: " + sql.toLowerCase(Locale.ROOT), e);
    }
  }

  private static DisclosureBody body(String messageId) {
    DecisionRequest request = request();
    Decision permit =
        new Decision.Permit(
            PROTOCOL,
            new org.concordat.protocols.sharing.Flow(
                request.sender(),
                request.recipient(),
                request.purpose(),
                request.requestedCategories()),
            request.requestedCategories(),
            java.util.Map.of(),
            List.of(new Reason("flow-matched", "The flow matched.")));
    return DisclosureBody.of(messageId, "a".repeat(64), request, permit, "b".repeat(64));
  }

  private static DisclosureBody denialBody(String messageId) {
    Decision deny =
        new Decision.Deny(PROTOCOL, List.of(new Reason("no-matching-flow", "No flow.")));
    return DisclosureBody.of(messageId, "a".repeat(64), request(), deny, null);
  }

  private static DecisionRequest request() {
    return new DecisionRequest(
        OdsCode.of("RXA"),
        OdsCode.of("XLA001"),
        PurposeCode.of("hospital-discharge"),
        Set.of(CategoryCode.of("demographics")),
        NOW);
  }

  private static NewDelivery delivery(long ledgerIndex, String messageId) {
    return new NewDelivery(
        ledgerIndex,
        messageId,
        "XLA001",
        messageId + ":XLA001",
        "referral-" + ledgerIndex + ".csv",
        "text/csv",
        new byte[] {1, 2, 3});
  }

  private record Store(
      LedgerRepository ledger, OutboxRepository outbox, LedgerSequencer sequencer) {}
}
