package org.concordat.broker.ledger;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
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
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import javax.sql.DataSource;
import org.concordat.broker.TestPostgres;
import org.concordat.broker.consent.ConsentRepository;
import org.concordat.broker.delivery.OutboxRepository;
import org.concordat.broker.delivery.OutboxRepository.NewDelivery;
import org.concordat.broker.delivery.OutboxRepository.PendingDelivery;
import org.concordat.broker.disclosure.InboundMessageRepository;
import org.concordat.broker.optout.OptOutRepository;
import org.concordat.protocols.decision.Decision;
import org.concordat.protocols.decision.DecisionRequest;
import org.concordat.protocols.decision.Reason;
import org.concordat.protocols.ledger.DisclosureBody;
import org.concordat.protocols.ledger.EntryType;
import org.concordat.protocols.ledger.LeafIndex;
import org.concordat.protocols.ledger.LedgerEntry;
import org.concordat.protocols.ledger.MerkleHash;
import org.concordat.protocols.ledger.MerkleProofs;
import org.concordat.protocols.ledger.TreeSize;
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
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The ledger and outbox tables behave the same on H2 (the embedded default) and PostgreSQL
 * (production): migrations, dense sequential appends, and one transaction for entry and outbox.
 * PostgreSQL comes from {@link TestPostgres}: the server at {@code CONCORDAT_TEST_POSTGRES_URL}
 * when one answers, else an embedded one. Each run uses a fresh schema or database and drops it
 * afterwards.
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
            batch.add(outboxRows(store), delivery(entry.index(), messageId));
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
  void recordsAMessageKeyOncePerSenderEvenWhenTwoMessagesRaceForIt(Database database)
      throws Exception {
    Store store = open(database);
    InboundMessageRepository inbound = new InboundMessageRepository(store.jdbc, store.template);
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      String id = UUID.randomUUID().toString();
      inbound.insert(id, NOW, "RXA", "FHIR_REST", null, "application/fhir+json", new byte[] {1});
      ids.add(id);
    }
    String other = UUID.randomUUID().toString();
    inbound.insert(other, NOW, "RXM", "FHIR_REST", null, "application/fhir+json", new byte[] {1});

    // Four messages with one key, each recorded with its entry as the pipeline does: one wins.
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<Boolean>> results = new ArrayList<>();
    try {
      for (String id : ids) {
        results.add(
            pool.submit(
                () -> {
                  try {
                    store.sequencer.record(
                        batch -> {
                          batch.append(EntryType.DENIAL, index -> denialBody(id));
                          batch.insert(
                              claimed -> inbound.claimKey(claimed, "key-1", "c".repeat(64)), id);
                          return id;
                        });
                    return true;
                  } catch (org.springframework.dao.DuplicateKeyException lost) {
                    return false;
                  }
                }));
      }
      int won = 0;
      for (Future<Boolean> result : results) {
        won += result.get() ? 1 : 0;
      }
      assertThat(won).isEqualTo(1);
    } finally {
      pool.shutdownNow();
    }
    // The losers wrote nothing: one entry in the ledger, one message under the key.
    assertThat(store.ledger.size()).isEqualTo(1);
    String winner = inbound.claimed("RXA", "key-1").orElseThrow().id();
    assertThat(ids).contains(winner);
    assertThat(inbound.decisionEntries(winner)).hasSize(1);
    // Another sender's key of the same value is its own.
    store.sequencer.record(
        batch -> {
          batch.append(EntryType.DENIAL, index -> denialBody(other));
          batch.insert(claimed -> inbound.claimKey(claimed, "key-1", "d".repeat(64)), other);
          return other;
        });
    assertThat(inbound.claimed("RXM", "key-1").orElseThrow().id()).isEqualTo(other);
    // Enforced by the database itself, not only by the sequencer.
    assertThatThrownBy(
            () ->
                inbound.claimKey(
                    ids.get(3).equals(winner) ? ids.get(0) : ids.get(3), "key-1", "c".repeat(64)))
        .isInstanceOf(org.springframework.dao.DuplicateKeyException.class);
  }

  @ParameterizedTest
  @EnumSource(Database.class)
  void rollsBackTheLedgerEntryWhenItsOutboxRowCannotBeWritten(Database database) {
    Store store = open(database);
    String messageId = UUID.randomUUID().toString();
    store.sequencer.record(
        batch -> {
          LedgerEntry entry = batch.append(EntryType.DISCLOSURE, index -> body(messageId));
          batch.add(outboxRows(store), delivery(entry.index(), messageId));
          return entry;
        });

    // Same idempotency key: the unique constraint fails the commit, entry and row alike.
    assertThatThrownBy(
            () ->
                store.sequencer.record(
                    batch -> {
                      LedgerEntry entry =
                          batch.append(EntryType.DISCLOSURE, index -> body(messageId));
                      batch.add(outboxRows(store), delivery(entry.index(), messageId));
                      return entry;
                    }))
        .isInstanceOf(org.concordat.broker.ledger.LedgerUnavailableException.class);

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
                          if (poisoned && index % 2 == 0) {
                            throw new IllegalStateException("translation failed");
                          }
                          if (poisoned) {
                            // A write that runs after the entries (a row referencing one) fails:
                            // it too is blamed on its own item only.
                            batch.insert(
                                row -> {
                                  throw new IllegalStateException("translation failed");
                                },
                                index);
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
          batch.add(
              outboxRows(store),
              delivery(batch.append(EntryType.DISCLOSURE, i -> body(first)).index(), first));
          batch.add(
              outboxRows(store),
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

  @ParameterizedTest
  @EnumSource(Database.class)
  void signsACheckpointOnceEnoughEntriesAreUncovered(Database database) throws Exception {
    Store store = open(database);
    var logKey =
        new org.concordat.adapters.crypto.BouncyCastleEd25519Signer(
            "test.example/ledger",
            org.concordat.adapters.crypto.Ed25519KeyPair.generate(
                new java.security.SecureRandom()));
    var checkpointer =
        new org.concordat.broker.ledger.Checkpointer(
            store.ledger,
            store.nodes,
            () -> logKey,
            "test.example/ledger",
            Clock.fixed(NOW, ZoneOffset.UTC),
            event -> {},
            org.concordat.broker.ledger.Leadership.ALONE);
    for (int i = 0; i < 9; i++) {
      store.sequencer.record(
          batch -> batch.append(EntryType.DENIAL, idx -> denialBody(UUID.randomUUID().toString())));
    }

    assertThat(checkpointer.checkpointIfBehindBy(9, 10)).isEmpty();
    store.sequencer.record(
        batch -> batch.append(EntryType.DENIAL, idx -> denialBody(UUID.randomUUID().toString())));
    assertThat(checkpointer.checkpointIfBehindBy(10, 10)).isPresent();
    assertThat(store.ledger.latestCheckpoint().orElseThrow().treeSize()).isEqualTo(10);
    assertThat(checkpointer.checkpointIfBehindBy(10, 10)).isEmpty();
    assertThat(store.ledger.checkpoints()).hasSize(1);
  }

  enum Tamper {
    CHANGE_ONE_FIELD,
    DELETE_A_ROW,
    SWAP_TWO_ROWS,
    TRUNCATE_THE_TAIL,
    REPLACE_THE_CHECKPOINT_SIGNATURE,
    SIGN_WITH_AN_UNKNOWN_KEY
  }

  /** Tampering with the stored ledger is found by verification, which names the place. */
  @ParameterizedTest
  @org.junit.jupiter.params.provider.MethodSource("tamperings")
  void verificationFindsTamperingInTheStoredLedger(Database database, Tamper tamper)
      throws Exception {
    Store store = open(database);
    var random = new java.security.SecureRandom();
    var logKey =
        new org.concordat.adapters.crypto.BouncyCastleEd25519Signer(
            "test.example/ledger", org.concordat.adapters.crypto.Ed25519KeyPair.generate(random));
    for (int i = 0; i < 10; i++) {
      String messageId = "message-" + i;
      store.sequencer.record(batch -> batch.append(EntryType.DISCLOSURE, index -> body(messageId)));
    }
    new org.concordat.broker.ledger.Checkpointer(
            store.ledger,
            store.nodes,
            () -> logKey,
            "test.example/ledger",
            Clock.fixed(NOW, ZoneOffset.UTC),
            event -> {},
            org.concordat.broker.ledger.Leadership.ALONE)
        .checkpointIfGrown();
    var verifier =
        new org.concordat.protocols.ledger.LedgerVerifier(
            "test.example/ledger",
            List.of(
                new org.concordat.protocols.ledger.NoteVerifier(
                    logKey.keyName(), logKey.verifier())));
    verifier.verifyStored(stored(store), checkpoints(store), done -> {});

    switch (tamper) {
      case CHANGE_ONE_FIELD ->
          store
              .jdbc
              .sql("UPDATE ledger_entry SET entry_bytes = ? WHERE entry_index = 6")
              .param(
                  new String(store.ledger.entries(6, 7).get(0).bytes(), StandardCharsets.UTF_8)
                      .replace("XLA001", "XVO001")
                      .getBytes(StandardCharsets.UTF_8))
              .update();
      case DELETE_A_ROW ->
          store.jdbc.sql("DELETE FROM ledger_entry WHERE entry_index = 4").update();
      case SWAP_TWO_ROWS -> {
        var three = store.ledger.entries(3, 4).get(0);
        var four = store.ledger.entries(4, 5).get(0);
        store
            .jdbc
            .sql("UPDATE ledger_entry SET entry_bytes = ?, leaf_hash = ? WHERE entry_index = 3")
            .params(four.bytes(), four.leafHash())
            .update();
        store
            .jdbc
            .sql("UPDATE ledger_entry SET entry_bytes = ?, leaf_hash = ? WHERE entry_index = 4")
            .params(three.bytes(), three.leafHash())
            .update();
      }
      case TRUNCATE_THE_TAIL ->
          store.jdbc.sql("DELETE FROM ledger_entry WHERE entry_index >= 8").update();
      case REPLACE_THE_CHECKPOINT_SIGNATURE -> {
        // Same key name and key id, different signature bytes.
        String note = store.ledger.latestCheckpoint().orElseThrow().signedNote();
        int space = note.lastIndexOf(' ');
        byte[] signature = java.util.Base64.getDecoder().decode(note.substring(space + 1).strip());
        signature[signature.length - 1] ^= 0x01;
        String forged =
            note.substring(0, space + 1)
                + java.util.Base64.getEncoder().encodeToString(signature)
                + "\n";
        store.jdbc.sql("UPDATE ledger_checkpoint SET signed_note = ?").param(forged).update();
      }
      case SIGN_WITH_AN_UNKNOWN_KEY -> {
        String note = store.ledger.latestCheckpoint().orElseThrow().signedNote();
        String other =
            org.concordat.protocols.ledger.SignedNote.sign(
                note.substring(0, note.indexOf("\n\n") + 1),
                List.of(
                    new org.concordat.adapters.crypto.BouncyCastleEd25519Signer(
                        "someone.else/ledger",
                        org.concordat.adapters.crypto.Ed25519KeyPair.generate(random))));
        store.jdbc.sql("UPDATE ledger_checkpoint SET signed_note = ?").param(other).update();
      }
    }

    assertThatThrownBy(() -> verifier.verifyStored(stored(store), checkpoints(store), done -> {}))
        .isInstanceOfSatisfying(
            org.concordat.protocols.ledger.LedgerVerificationException.class,
            e -> {
              switch (tamper) {
                case CHANGE_ONE_FIELD -> assertThat(e.entryIndex()).hasValue(6);
                case DELETE_A_ROW -> assertThat(e.entryIndex()).hasValue(4);
                case SWAP_TWO_ROWS -> assertThat(e.entryIndex()).hasValue(3);
                case TRUNCATE_THE_TAIL ->
                    assertThat(e.failure())
                        .isEqualTo(
                            org.concordat.protocols.ledger.LedgerVerificationException.Failure
                                .TRUNCATED);
                case REPLACE_THE_CHECKPOINT_SIGNATURE ->
                    assertThat(e.failure())
                        .isEqualTo(
                            org.concordat.protocols.ledger.LedgerVerificationException.Failure
                                .BAD_SIGNATURE);
                case SIGN_WITH_AN_UNKNOWN_KEY ->
                    assertThat(e.failure())
                        .isEqualTo(
                            org.concordat.protocols.ledger.LedgerVerificationException.Failure
                                .NO_TRUSTED_SIGNATURE);
              }
            });
  }

  static java.util.stream.Stream<org.junit.jupiter.params.provider.Arguments> tamperings() {
    return java.util.Arrays.stream(Database.values())
        .flatMap(
            db ->
                java.util.Arrays.stream(Tamper.values())
                    .map(t -> org.junit.jupiter.params.provider.Arguments.of(db, t)));
  }

  private static java.util.Iterator<org.concordat.protocols.ledger.StoredEntry> stored(
      Store store) {
    return store.ledger.entries(0, Long.MAX_VALUE).stream()
        .map(e -> new org.concordat.protocols.ledger.StoredEntry(e.bytes(), e.leafHash()))
        .iterator();
  }

  private static List<String> checkpoints(Store store) {
    return store.ledger.checkpoints().stream()
        .map(LedgerRepository.StoredCheckpoint::signedNote)
        .toList();
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
            PGSimpleDataSource pg = TestPostgres.dataSource();
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
    JdbcNodeStore nodes = new JdbcNodeStore(jdbc, template);
    TransactionTemplate transactions =
        new TransactionTemplate(new DataSourceTransactionManager(dataSource));
    LedgerSequencer sequencer =
        new LedgerSequencer(
            ledger,
            nodes,
            transactions,
            event -> {},
            Clock.fixed(NOW, ZoneOffset.UTC),
            64,
            Duration.ofSeconds(30));
    sequencer.start();
    Runnable dropDatabase = cleanup;
    cleanup =
        () -> {
          sequencer.stop();
          dropDatabase.run();
        };
    return new Store(ledger, outbox, sequencer, nodes, jdbc, template, transactions);
  }

  @ParameterizedTest
  @EnumSource(Database.class)
  void aFollowUpCommittedWithItsEntryIsRunOnceAndTakenOverOnlyOnceItsClaimIsStale(
      Database database) {
    Store store = open(database);
    MovableClock clock = new MovableClock(NOW);
    Map<String, Integer> runs = new ConcurrentHashMap<>();
    AtomicBoolean failing = new AtomicBoolean(true);
    FollowUpHandler counting = handler("counting", f -> runs.merge(f.id(), 1, Integer::sum));
    FollowUpHandler flaky =
        handler(
            "flaky",
            f -> {
              if (failing.get()) {
                throw new IllegalStateException("not yet");
              }
              runs.merge(f.id(), 1, Integer::sum);
            });
    StaticListableBeanFactory beans = new StaticListableBeanFactory();
    beans.addBean("counting", counting);
    beans.addBean("flaky", flaky);
    FollowUps nodeA = followUps(store, beans, clock, "node-a");
    FollowUps nodeB = followUps(store, beans, clock, "node-b");

    // Node A commits an entry with its follow-up, then dies before running it.
    String left =
        store.sequencer.record(
            batch -> {
              batch.append(EntryType.DENIAL, i -> denialBody(UUID.randomUUID().toString()));
              return nodeA.add(batch, new FollowUp("counting", Map.of("n", "1")));
            });
    assertThat(nodeA.outstanding()).isEqualTo(1);

    clock.now = NOW.plus(Duration.ofMinutes(1));
    assertThat(nodeB.runOutstanding()).as("a fresh claim is another node's").isZero();
    assertThat(runs).isEmpty();

    clock.now = NOW.plus(Duration.ofMinutes(11));
    assertThat(nodeB.runOutstanding()).as("a stale claim is taken over").isEqualTo(1);
    assertThat(nodeA.runOutstanding()).isZero();
    assertThat(nodeB.runOutstanding()).isZero();
    nodeA.runNow(left);
    assertThat(runs).containsExactly(Map.entry(left, 1));
    assertThat(nodeA.outstanding()).isZero();

    // A failure is kept, never swallowed, and tried again after the retry interval.
    String retried =
        store.sequencer.record(batch -> nodeA.add(batch, new FollowUp("flaky", Map.of())));
    nodeA.runNow(retried);
    assertThat(nodeA.outstanding()).isEqualTo(1);
    assertThat(
            store
                .jdbc
                .sql("SELECT attempts FROM follow_up WHERE id = ?")
                .param(retried)
                .query(Integer.class)
                .single())
        .isEqualTo(1);
    failing.set(false);
    assertThat(nodeA.runOutstanding()).as("not before the retry interval").isZero();
    clock.now = clock.now.plus(Duration.ofSeconds(31));
    assertThat(nodeA.runOutstanding()).isEqualTo(1);
    assertThat(runs).containsEntry(retried, 1);
    assertThat(nodeA.outstanding()).isZero();
  }

  private static FollowUps followUps(
      Store store, StaticListableBeanFactory beans, Clock clock, String node) {
    return new FollowUps(
        store.jdbc,
        store.template,
        store.transactions,
        beans.getBeanProvider(FollowUpHandler.class),
        clock,
        node,
        Duration.ofMinutes(10),
        Duration.ofSeconds(30));
  }

  private static FollowUpHandler handler(
      String kind, java.util.function.Consumer<FollowUp.Pending> work) {
    return new FollowUpHandler() {
      @Override
      public String kind() {
        return kind;
      }

      @Override
      public void complete(FollowUp.Pending followUp) {
        work.accept(followUp);
      }
    };
  }

  /** A clock the test moves. */
  private static final class MovableClock extends Clock {
    volatile Instant now;

    MovableClock(Instant now) {
      this.now = now;
    }

    @Override
    public ZoneOffset getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      throw new UnsupportedOperationException();
    }

    @Override
    public Instant instant() {
      return now;
    }
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
    return DisclosureBody.of(
        messageId,
        new org.concordat.protocols.ledger.SubjectKey("a".repeat(64)),
        request,
        permit,
        "b".repeat(64));
  }

  private static DisclosureBody denialBody(String messageId) {
    Decision deny =
        new Decision.Deny(PROTOCOL, List.of(new Reason("no-matching-flow", "No flow.")));
    return DisclosureBody.of(
        messageId,
        new org.concordat.protocols.ledger.SubjectKey("a".repeat(64)),
        request(),
        deny,
        null);
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
      LedgerRepository ledger,
      OutboxRepository outbox,
      LedgerSequencer sequencer,
      JdbcNodeStore nodes,
      JdbcClient jdbc,
      JdbcTemplate template,
      TransactionTemplate transactions) {}

  @ParameterizedTest
  @EnumSource(Database.class)
  void storesTheMerkleTreeSoThatProofsVerifyAgainstTheFullRoot(Database database) throws Exception {
    Store store = open(database);
    for (int i = 0; i < 21; i++) {
      store.sequencer.record(
          batch -> batch.append(EntryType.DENIAL, idx -> denialBody(UUID.randomUUID().toString())));
    }

    List<byte[]> leaves = store.ledger.leafHashes(21);
    for (int size = 1; size <= 21; size++) {
      byte[] root = MerkleHash.root(leaves.subList(0, size));
      assertThat(MerkleProofs.root(store.nodes, TreeSize.of(size))).isEqualTo(root);
      for (int index = 0; index < size; index++) {
        MerkleProofs.verifyInclusion(
            leaves.get(index),
            MerkleProofs.inclusion(store.nodes, LeafIndex.of(index), TreeSize.of(size)),
            root);
      }
      byte[] full = MerkleHash.root(leaves);
      MerkleProofs.verifyConsistency(
          root, MerkleProofs.consistency(store.nodes, TreeSize.of(size), TreeSize.of(21)), full);
    }
  }

  @ParameterizedTest
  @EnumSource(Database.class)
  void rebuildsTheTreeOfALedgerWrittenWithoutIt(Database database) {
    Store store = open(database);
    for (int i = 0; i < 9; i++) {
      store.sequencer.record(
          batch -> batch.append(EntryType.DENIAL, idx -> denialBody(UUID.randomUUID().toString())));
    }
    store.sequencer.stop();
    store.nodes.deleteAll();

    LedgerSequencer restarted =
        new LedgerSequencer(
            store.ledger,
            store.nodes,
            store.transactions,
            event -> {},
            Clock.fixed(NOW, ZoneOffset.UTC),
            64,
            Duration.ofSeconds(30));
    restarted.start();
    try {
      assertThat(store.nodes.covers(9)).isTrue();
      assertThat(
              store
                  .jdbc
                  .sql("SELECT COUNT(*) FROM ledger_node WHERE level = 1")
                  .query(Long.class)
                  .single())
          .isEqualTo(4);
      restarted.record(
          batch -> batch.append(EntryType.DENIAL, idx -> denialBody(UUID.randomUUID().toString())));
      assertThat(MerkleProofs.root(store.nodes, TreeSize.of(10)))
          .isEqualTo(MerkleHash.root(store.ledger.leafHashes(10)));
    } finally {
      restarted.stop();
    }
  }

  private static final String PERSON = "1".repeat(64);

  private long consentChange(Store store, ConsentRepository consents, StoredConsentArgs v) {
    return store.sequencer.record(
        batch -> {
          org.concordat.protocols.ledger.LedgerEntry entry =
              batch.append(
                  EntryType.CONSENT_CHANGE,
                  idx ->
                      new org.concordat.protocols.ledger.ConsentChangeBody(
                          new org.concordat.protocols.ledger.SubjectKey(PERSON),
                          "Consent/" + v.id() + "/_history/" + v.version(),
                          "a".repeat(64),
                          v.status().equals("inactive")
                              ? org.concordat.protocols.ledger.ConsentChangeBody.Change.WITHDRAWN
                              : org.concordat.protocols.ledger.ConsentChangeBody.Change.CREATED));
          batch.insert(
              consents::insert,
              new ConsentRepository.StoredConsent(
                  v.id(),
                  v.version(),
                  v.lookupKey(),
                  v.status(),
                  NOW,
                  NOW,
                  java.time.LocalDate.of(2026, 6, 30),
                  "XLA001",
                  ("{\"v\":" + v.version() + "}").getBytes(UTF_8),
                  "a".repeat(64),
                  List.of(
                      new org.concordat.protocols.consent.ConsentDirective(
                          "Consent/" + v.id() + "/_history/" + v.version(),
                          org.concordat.protocols.consent.ConsentDirective.Kind.PERMIT,
                          java.util.Set.of(
                              org.concordat.protocols.sharing.PurposeCode.of("housing-support")),
                          java.util.Set.of(org.concordat.protocols.sharing.OdsCode.of("XVO001")),
                          java.util.Set.of(),
                          NOW,
                          null,
                          NOW.plusSeconds(86_400))),
                  entry.index(),
                  true,
                  java.util.Set.of("housing-support"),
                  java.util.Set.of("XVO001"),
                  java.util.Set.of("RXM")));
          return entry.index();
        });
  }

  private record StoredConsentArgs(String id, int version, String lookupKey, String status) {}

  @ParameterizedTest
  @EnumSource(Database.class)
  void keepsEveryConsentVersionAndFindsTheCurrentOneBySearch(Database database) {
    Store store = open(database);
    ConsentRepository consents = new ConsentRepository(store.jdbc);
    String key = "2".repeat(64);
    long first = consentChange(store, consents, new StoredConsentArgs("c-1", 1, key, "active"));
    long second = consentChange(store, consents, new StoredConsentArgs("c-1", 2, key, "inactive"));

    assertThat(consents.history("c-1"))
        .extracting(
            ConsentRepository.StoredConsent::version, ConsentRepository.StoredConsent::ledgerIndex)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(2, second),
            org.assertj.core.groups.Tuple.tuple(1, first));
    assertThat(new String(consents.version("c-1", 1).orElseThrow().resourceJson(), UTF_8))
        .isEqualTo("{\"v\":1}");
    assertThat(consents.current("c-1").orElseThrow().status()).isEqualTo("inactive");
    assertThat(consents.currentFor(key))
        .extracting(ConsentRepository.StoredConsent::version)
        .containsExactly(2);
    // The reading survives the round trip, review date included.
    assertThat(consents.version("c-1", 1).orElseThrow().directives().get(0).reviewDue())
        .isEqualTo(NOW.plusSeconds(86_400));
    List<String> inForce = new java.util.ArrayList<>();
    consents.forEachInForce((k, directives) -> inForce.add(k));
    assertThat(inForce).isEmpty();

    consentChange(store, consents, new StoredConsentArgs("c-2", 1, key, "active"));
    ConsentRepository.Criteria byPurpose =
        new ConsentRepository.Criteria(
            key, "active", "housing-support", "XVO001", null, null, "XLA001", 10);
    assertThat(consents.search(byPurpose))
        .extracting(ConsentRepository.StoredConsent::id)
        .containsExactly("c-2");
    assertThat(
            consents.search(
                new ConsentRepository.Criteria(
                    key, null, "direct-care", null, null, null, null, 10)))
        .isEmpty();
    // A partner sees what it recorded and what opens one of its flows, nothing else.
    assertThat(
            consents.search(
                new ConsentRepository.Criteria(key, "active", null, null, null, null, "RXM", 10)))
        .extracting(ConsentRepository.StoredConsent::id)
        .containsExactly("c-2");
    assertThat(
            consents.search(
                new ConsentRepository.Criteria(key, "active", null, null, null, null, "RXA", 10)))
        .isEmpty();
    assertThat(consents.reviewDue(java.time.LocalDate.of(2026, 7, 1), 10))
        .extracting(ConsentRepository.StoredConsent::id)
        .containsExactly("c-2");
    assertThat(consents.reviewDue(java.time.LocalDate.of(2026, 6, 29), 10)).isEmpty();
  }

  @ParameterizedTest
  @EnumSource(Database.class)
  void replacesAPersonsOptOutResultAndForgetsExpiredOnes(Database database) {
    Store store = open(database);
    OptOutRepository optOuts = new OptOutRepository(store.jdbc, store.template);
    String kept = "3".repeat(64);
    String expiring = "4".repeat(64);
    store.transactions.executeWithoutResult(
        s ->
            optOuts.store(
                new OptOutRepository.OptOutImport(
                    "i-1", NOW, "ig-lead", "a / b", 2, 1, NOW.plusSeconds(60)),
                List.of(
                    new org.concordat.broker.consent.PersonOptOut(kept, true, NOW.plusSeconds(60)),
                    new org.concordat.broker.consent.PersonOptOut(
                        expiring, false, NOW.plusSeconds(60)))));
    store.transactions.executeWithoutResult(
        s ->
            optOuts.store(
                new OptOutRepository.OptOutImport(
                    "i-2", NOW, "ig-lead", "c / d", 1, 0, NOW.plusSeconds(3600)),
                List.of(
                    new org.concordat.broker.consent.PersonOptOut(
                        kept, false, NOW.plusSeconds(3600)))));

    assertThat(optOuts.find(kept).orElseThrow().optedOut()).isFalse();
    java.util.Map<String, Boolean> valid = new java.util.HashMap<>();
    optOuts.forEachValid(NOW.plusSeconds(120), (k, status) -> valid.put(k, status.optedOut()));
    assertThat(valid).containsExactly(java.util.Map.entry(kept, false));
    assertThat(optOuts.imports(10))
        .extracting(OptOutRepository.OptOutImport::id)
        .containsExactlyInAnyOrder("i-1", "i-2");
  }

  @ParameterizedTest
  @EnumSource(Database.class)
  void twoNodesAppendingToOneDatabaseKeepTheLedgerDenseAndTheTreeWhole(Database database)
      throws Exception {
    Store store = open(database);
    LedgerSequencer other =
        new LedgerSequencer(
            store.ledger,
            store.nodes,
            store.transactions,
            event -> {},
            Clock.fixed(NOW, ZoneOffset.UTC),
            64,
            Duration.ofSeconds(30));
    other.start();
    try {
      java.util.concurrent.ExecutorService pool =
          java.util.concurrent.Executors.newFixedThreadPool(8);
      List<java.util.concurrent.Future<Long>> appended = new java.util.ArrayList<>();
      for (int i = 0; i < 200; i++) {
        LedgerSequencer node = i % 2 == 0 ? store.sequencer : other;
        appended.add(
            pool.submit(
                () ->
                    node.record(
                        batch ->
                            batch
                                .append(
                                    EntryType.DENIAL,
                                    idx -> denialBody(UUID.randomUUID().toString()))
                                .index())));
      }
      java.util.Set<Long> indexes = new java.util.TreeSet<>();
      for (java.util.concurrent.Future<Long> f : appended) {
        indexes.add(f.get(60, java.util.concurrent.TimeUnit.SECONDS));
      }
      pool.shutdown();

      assertThat(indexes).hasSize(200);
      assertThat(store.ledger.size()).isEqualTo(200);
      List<byte[]> leaves = store.ledger.leafHashes(200);
      assertThat(MerkleProofs.root(store.nodes, TreeSize.of(200)))
          .isEqualTo(MerkleHash.root(leaves));
    } finally {
      other.stop();
    }
  }

  @org.junit.jupiter.api.Test
  void onePostgresNodeLeadsAndAnotherTakesOverWhenItGoes() {
    Store store = open(Database.POSTGRESQL);
    javax.sql.DataSource dataSource =
        java.util.Objects.requireNonNull(store.template.getDataSource());
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    org.concordat.broker.ledger.PostgresLeadership first =
        new org.concordat.broker.ledger.PostgresLeadership(dataSource, clock, Duration.ZERO);
    org.concordat.broker.ledger.PostgresLeadership second =
        new org.concordat.broker.ledger.PostgresLeadership(dataSource, clock, Duration.ZERO);
    try {
      assertThat(first.isLeader()).isTrue();
      assertThat(second.isLeader()).isFalse();
      assertThat(first.isLeader()).isTrue();
      first.close();
      assertThat(second.isLeader()).isTrue();
      assertThat(first.isLeader()).isFalse();
    } finally {
      first.close();
      second.close();
    }
  }

  @ParameterizedTest
  @EnumSource(Database.class)
  void aWorkItemThatThrowsALinkageErrorFailsAloneAndTheWriterCarriesOn(Database database) {
    Store store = open(database);
    org.assertj.core.api.Assertions.assertThatThrownBy(
            () ->
                store.sequencer.record(
                    batch -> {
                      throw new NoSuchMethodError("a class changed under the broker");
                    }))
        .hasMessageContaining("a class changed under the broker");

    long index =
        store.sequencer.record(
            batch ->
                batch
                    .append(EntryType.DENIAL, idx -> denialBody(UUID.randomUUID().toString()))
                    .index());
    assertThat(index).isEqualTo(0);
    assertThat(store.ledger.size()).isEqualTo(1);
  }

  /** The outbox's rows as a batch writes them. */
  private static BatchWrites<OutboxRepository.NewDelivery> outboxRows(Store store) {
    return rows -> store.outbox.insertAll(rows, NOW);
  }
}
