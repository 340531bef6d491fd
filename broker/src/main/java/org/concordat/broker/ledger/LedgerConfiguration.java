package org.concordat.broker.ledger;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import javax.sql.DataSource;
import org.concordat.adapters.crypto.BouncyCastleEd25519Signer;
import org.concordat.adapters.crypto.Ed25519Keys;
import org.concordat.broker.settings.ConcordatProperties;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** The ledger: its single writer, checkpoints, the signing key and its rotation, and its views. */
@Configuration(proxyBeanMethods = false)
class LedgerConfiguration {
  /** Key name of the ledger's checkpoint signing key (also the signed-note key name). */
  static final String CHECKPOINT_KEY = "checkpoint";

  /** The checkpoint signing key: generated into the data folder on first start (development). */
  @Bean
  RotatingSigner checkpointSigner(ConcordatProperties properties, SecureRandom random)
      throws IOException {
    return new RotatingSigner(
        new BouncyCastleEd25519Signer(
            properties.ledger().origin(),
            Ed25519Keys.loadOrGenerate(properties.keysDir(), CHECKPOINT_KEY, random)));
  }

  /** Replaces the checkpoint key on request (ADMIN), recording the rotation in the ledger. */
  @Bean
  KeyRotation keyRotation(
      RotatingSigner checkpointSigner,
      LedgerSequencer ledger,
      Checkpointer checkpointer,
      LedgerView view,
      Leadership leadership,
      ConcordatProperties properties,
      SecureRandom random,
      Clock clock) {
    return new KeyRotation(
        checkpointSigner,
        ledger,
        checkpointer,
        view,
        leadership,
        properties.keysDir(),
        CHECKPOINT_KEY,
        random,
        clock);
  }

  /** The ledger's single writer, started and stopped (draining its queue) with the broker. */
  @Bean
  LedgerSequencer ledgerSequencer(
      LedgerRepository ledger,
      JdbcNodeStore nodes,
      TransactionTemplate transactions,
      ApplicationEventPublisher events,
      Clock clock,
      ConcordatProperties properties) {
    return new LedgerSequencer(
        ledger,
        nodes,
        transactions,
        events,
        clock,
        properties.ledger().maxBatch(),
        Duration.ofSeconds(30));
  }

  /**
   * Follow-ups that survive a crash. The node id names this node's claims: it must differ between
   * nodes sharing a database and stay the same across restarts of one node (default: the host
   * name), so a restarted node takes back at once what it left.
   */
  @Bean
  FollowUps followUps(
      JdbcClient jdbc,
      JdbcTemplate batches,
      TransactionTemplate transactions,
      ObjectProvider<FollowUpHandler> handlers,
      Clock clock,
      @Value("${concordat.node-id:}") String nodeId,
      @Value("${concordat.follow-ups.lease:10m}") Duration lease,
      @Value("${concordat.follow-ups.retry-interval:30s}") Duration retryInterval) {
    return new FollowUps(
        jdbc,
        batches,
        transactions,
        handlers,
        clock,
        nodeId.isBlank() ? hostName() : nodeId,
        lease,
        retryInterval);
  }

  private static String hostName() {
    try {
      String name = InetAddress.getLocalHost().getHostName();
      return name.length() > 100 ? name.substring(0, 100) : name;
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }

  /**
   * Which node signs checkpoints: on PostgreSQL the holder of an advisory lock (nodes share the
   * database); on the embedded H2 database this node alone.
   */
  @Bean
  Leadership leadership(DataSource dataSource, Clock clock) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      if (!"PostgreSQL".equals(connection.getMetaData().getDatabaseProductName())) {
        return Leadership.ALONE;
      }
    }
    return new PostgresLeadership(dataSource, clock, Duration.ofSeconds(5));
  }

  @Bean
  Checkpointer checkpointer(
      LedgerRepository ledger,
      JdbcNodeStore nodes,
      RotatingSigner checkpointSigner,
      ConcordatProperties properties,
      Clock clock,
      ApplicationEventPublisher events,
      Leadership leadership) {
    return new Checkpointer(
        ledger, nodes, checkpointSigner, properties.ledger().origin(), clock, events, leadership);
  }

  @Bean
  LedgerView ledgerView(
      LedgerRepository ledger, JdbcNodeStore nodes, RotatingSigner checkpointSigner) {
    return new LedgerView(ledger, nodes, checkpointSigner);
  }
}
