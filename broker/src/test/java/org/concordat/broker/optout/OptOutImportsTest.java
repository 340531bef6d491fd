package org.concordat.broker.optout;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.concordat.adapters.optout.CohortFile;
import org.concordat.broker.agreement.NarrowingChange;
import org.concordat.broker.agreement.QueuedRedecision;
import org.concordat.broker.consent.ConsentCache;
import org.concordat.broker.ledger.FollowUpHandler;
import org.concordat.broker.ledger.FollowUps;
import org.concordat.broker.subject.SubjectDirectory;
import org.concordat.protocols.consent.OptOutStatus;
import org.concordat.protocols.ledger.PartnershipKeys;
import org.concordat.protocols.ledger.SubjectKeyScheme;
import org.concordat.protocols.subject.NhsNumber;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.StaticListableBeanFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;
import org.springframework.transaction.support.TransactionTemplate;

/** An opt-out import is a change that can narrow what is allowed. */
class OptOutImportsTest {
  private static final Instant NOW = Instant.parse("2026-11-20T10:00:00Z");
  private static final NhsNumber OPTED_OUT = NhsNumber.parse("9990000018");
  private static final NhsNumber NOT_OPTED_OUT = NhsNumber.parse("9990000026");

  @Test
  void decidesEveryQueuedDisclosureAgainUnderTheImportedStatus() {
    Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);
    byte[] secret = new byte[32];
    SubjectDirectory subjects =
        new SubjectDirectory(
            PartnershipKeys.of(secret, SubjectKeyScheme.LEGACY), null, new SecureRandom(), clock);
    ConsentCache cache = new ConsentCache(null, null, null, clock);
    List<NarrowingChange> changes = new ArrayList<>();
    List<OptOutStatus> seenByRedecision = new ArrayList<>();
    QueuedRedecision redecision =
        change -> {
          changes.add(change);
          // What the re-decision sees is the state the import put in force.
          seenByRedecision.add(cache.consentOf(subjects.lookupKey(OPTED_OUT).value()).optOut());
          return 0;
        };
    JdbcDataSource database = new JdbcDataSource();
    database.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
    Flyway.configure().dataSource(database).load().migrate();
    JdbcClient jdbc = JdbcClient.create(database);
    StaticListableBeanFactory handlers = new StaticListableBeanFactory();
    FollowUps followUps =
        new FollowUps(
            jdbc,
            new JdbcTemplate(database),
            new TransactionTemplate(new DataSourceTransactionManager(database)),
            handlers.getBeanProvider(FollowUpHandler.class),
            clock,
            "node-1",
            Duration.ofMinutes(10),
            Duration.ofSeconds(30));
    OptOutImports imports =
        new OptOutImports(
            new StoringNothing(),
            cache,
            redecision,
            subjects,
            new TransactionTemplate(new NoTransactions()),
            clock,
            Duration.ofDays(30),
            UUID::randomUUID,
            followUps);
    handlers.addBean("optOutImports", imports);

    imports.record(
        new CohortFile("cohort.csv", List.of(OPTED_OUT, NOT_OPTED_OUT)),
        new CohortFile("returned.csv", List.of(NOT_OPTED_OUT)),
        "ig-lead");

    assertThat(changes).hasSize(1);
    assertThat(changes.get(0).scope()).isInstanceOf(NarrowingChange.Everything.class);
    assertThat(changes.get(0).cause()).contains("opt-out");
    assertThat(seenByRedecision).containsExactly(OptOutStatus.OPTED_OUT);
    // The re-decision was a follow-up of the import, completed once it ran.
    assertThat(followUps.outstanding()).isZero();
    assertThat(followUps.runOutstanding()).isZero();
    assertThat(changes).hasSize(1);
  }

  /** The repository's writes are not what this test is about. */
  private static final class StoringNothing extends OptOutRepository {
    StoringNothing() {
      super(null, null);
    }

    @Override
    public void store(
        OptOutImport imported, List<org.concordat.broker.consent.PersonOptOut> statuses) {}
  }

  private static final class NoTransactions extends AbstractPlatformTransactionManager {
    private static final long serialVersionUID = 1L;

    @Override
    protected Object doGetTransaction() {
      return new Object();
    }

    @Override
    protected void doBegin(Object transaction, TransactionDefinition definition) {}

    @Override
    protected void doCommit(DefaultTransactionStatus status) {}

    @Override
    protected void doRollback(DefaultTransactionStatus status) {}
  }
}
