package org.concordat.broker.bench;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.concordat.broker.ledger.JdbcNodeStore;
import org.concordat.broker.ledger.LedgerRepository;
import org.concordat.broker.ledger.LedgerSequencer;
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
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Load run: ledger appends with durable commits on PostgreSQL (group commit through {@link
 * LedgerSequencer}, many concurrent callers) against a bare batched INSERT of the same rows into a
 * table of the same shape and indexes, one commit per batch, in the same run. Not a test: run it
 * with
 *
 * <pre>
 * mvn -B -q -pl broker test-compile exec:java -Dexec.classpathScope=test \
 *   -Dexec.mainClass=org.concordat.broker.bench.LedgerAppendLoadRun [-Dexec.args="20000 128"]
 * </pre>
 *
 * Arguments: entries per phase (default 20,000) and concurrent callers / bare batch size (128). It
 * creates a scratch schema in the {@code test} database and drops it afterwards.
 */
public final class LedgerAppendLoadRun {
  private static final Logger log = LoggerFactory.getLogger(LedgerAppendLoadRun.class);
  private static final ProtocolRef PROTOCOL =
      new ProtocolRef("northmoor-integrated-care", "1.0.0", "ab".repeat(32));

  private LedgerAppendLoadRun() {}

  public static void main(String[] args) throws Exception {
    int entries = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
    int callers = args.length > 1 ? Integer.parseInt(args[1]) : 128;
    String schema = "concordat_bench_" + UUID.randomUUID().toString().replace("-", "");
    PGSimpleDataSource pg = org.concordat.broker.TestPostgres.dataSource();
    pg.setCurrentSchema(schema);
    // Multi-row INSERTs for batches, for both paths (recommended for production too).
    pg.setReWriteBatchedInserts(true);
    Flyway.configure()
        .dataSource(pg)
        .schemas(schema)
        .createSchemas(true)
        .locations("classpath:db/migration")
        .load()
        .migrate();
    try {
      int rowBytes = sampleEntry(0).canonicalBytes().length;
      // Warm up both paths (JIT, connection, plans), then measure each twice, alternating.
      bare(pg, schema, 2_000, callers);
      ledger(pg, 2_000, callers);
      double bare1 = bare(pg, schema, entries, callers);
      double ledger1 = ledger(pg, entries, callers);
      double bare2 = bare(pg, schema, entries, callers);
      double ledger2 = ledger(pg, entries, callers);
      double bareRate = (bare1 + bare2) / 2;
      double ledgerRate = (ledger1 + ledger2) / 2;
      log.info(
          "rows of {} bytes; bare batched INSERT {} rows/s ({}, {}); ledger appends {} entries/s"
              + " ({}, {}); ratio {}",
          rowBytes,
          Math.round(bareRate),
          Math.round(bare1),
          Math.round(bare2),
          Math.round(ledgerRate),
          Math.round(ledger1),
          Math.round(ledger2),
          String.format("%.2f", ledgerRate / bareRate));
    } finally {
      try (Connection c = pg.getConnection();
          Statement s = c.createStatement()) {
        s.execute("DROP SCHEMA " + schema + " CASCADE");
      }
    }
  }

  /** Bare: one connection, batches of {@code batch} rows, one commit per batch. */
  private static double bare(PGSimpleDataSource pg, String schema, int rows, int batch)
      throws SQLException {
    try (Connection c = pg.getConnection()) {
      try (Statement s = c.createStatement()) {
        // Same columns and indexes as ledger_entry: the baseline differs only in sequencing.
        s.execute("CREATE TABLE IF NOT EXISTS bare_rows (LIKE ledger_entry INCLUDING ALL)");
        s.execute("TRUNCATE bare_rows");
      }
      c.setAutoCommit(false);
      // The rows are made before the clock starts: the baseline is the database alone.
      List<LedgerRepository.NewEntry> prepared = new ArrayList<>();
      for (int i = 0; i < rows; i++) {
        LedgerEntry entry = sampleEntry(i);
        prepared.add(
            LedgerRepository.NewEntry.of(
                entry,
                entry.disclosureBody().subject().value(),
                entry.disclosureBody().messageId()));
      }
      java.time.OffsetDateTime now = java.time.OffsetDateTime.now();
      long start = System.nanoTime();
      try (PreparedStatement insert =
          c.prepareStatement("INSERT INTO bare_rows VALUES (?, ?, ?, ?, ?, ?, ?)")) {
        for (int i = 0; i < rows; i++) {
          LedgerRepository.NewEntry row = prepared.get(i);
          insert.setLong(1, i);
          insert.setString(2, row.entry().type().wireName());
          insert.setObject(3, now);
          insert.setString(4, row.subjectHash());
          insert.setString(5, row.messageId());
          insert.setBytes(6, row.bytes());
          insert.setBytes(7, row.leafHash());
          insert.addBatch();
          if ((i + 1) % batch == 0 || i == rows - 1) {
            insert.executeBatch();
            c.commit();
          }
        }
      }
      return rows / seconds(start);
    }
  }

  /** Ledger: {@code callers} threads each appending one entry at a time through the sequencer. */
  private static double ledger(PGSimpleDataSource pg, int entries, int callers) throws Exception {
    // As in the broker: a connection pool (Hikari), not a connection per transaction.
    com.zaxxer.hikari.HikariConfig config = new com.zaxxer.hikari.HikariConfig();
    config.setDataSource(pg);
    config.setMaximumPoolSize(4);
    com.zaxxer.hikari.HikariDataSource pool4 = new com.zaxxer.hikari.HikariDataSource(config);
    JdbcClient jdbc = JdbcClient.create(pool4);
    JdbcTemplate template = new JdbcTemplate(pool4);
    LedgerSequencer sequencer =
        new LedgerSequencer(
            new LedgerRepository(jdbc, template),
            new JdbcNodeStore(jdbc, template),
            new TransactionTemplate(new DataSourceTransactionManager(pool4)),
            event -> {},
            Clock.systemUTC(),
            256,
            Duration.ofSeconds(60));
    sequencer.start();
    ExecutorService pool = Executors.newFixedThreadPool(callers);
    try {
      int each = entries / callers;
      // As for the bare baseline, the bodies (and their canonical bytes) are made before the clock
      // starts: what is measured is sequencing, hashing, the tree and the durable commit.
      DisclosureBody[][] bodies = new DisclosureBody[callers][each];
      byte[][][] canonical = new byte[callers][each][];
      for (int t = 0; t < callers; t++) {
        for (int i = 0; i < each; i++) {
          bodies[t][i] = sampleBody();
          canonical[t][i] = LedgerEntry.canonicalBody(bodies[t][i]);
        }
      }
      long start = System.nanoTime();
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < callers; t++) {
        int caller = t;
        futures.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < each; i++) {
                    DisclosureBody body = bodies[caller][i];
                    byte[] bytes = canonical[caller][i];
                    sequencer.record(batch -> batch.append(EntryType.DENIAL, body, bytes).index());
                  }
                }));
      }
      for (Future<?> future : futures) {
        future.get();
      }
      double rate = (double) each * callers / seconds(start);
      log.info("ledger phase: {} entries in {} commits", sequencer.appended(), sequencer.commits());
      return rate;
    } finally {
      pool.shutdown();
      pool.awaitTermination(10, TimeUnit.SECONDS);
      sequencer.stop();
      pool4.close();
    }
  }

  private static double seconds(long startNanos) {
    return (System.nanoTime() - startNanos) / 1e9;
  }

  private static LedgerEntry sampleEntry(long index) {
    return new LedgerEntry(index, Instant.now(), EntryType.DENIAL, sampleBody());
  }

  private static DisclosureBody sampleBody() {
    DecisionRequest request =
        new DecisionRequest(
            OdsCode.of("RXA"),
            OdsCode.of("XVO001"),
            PurposeCode.of("hospital-discharge"),
            Set.of(CategoryCode.of("demographics"), CategoryCode.of("encounter")),
            Instant.now());
    Decision deny =
        new Decision.Deny(
            PROTOCOL,
            List.of(
                new Reason(
                    "no-matching-flow",
                    "The protocol northmoor-integrated-care 1.0.0 has no flow from RXA to XVO001"
                        + " for purpose hospital-discharge.")));
    return DisclosureBody.of(
        UUID.randomUUID().toString(),
        new org.concordat.protocols.ledger.SubjectKey("cd".repeat(32)),
        request,
        deny,
        null);
  }
}
