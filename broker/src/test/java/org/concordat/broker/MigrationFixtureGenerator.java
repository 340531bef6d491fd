package org.concordat.broker;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * Makes the migration fixture: a database and keys folder written by the broker as it is when this
 * runs, so that a later broker can be shown to verify its ledger and find its people.
 *
 * <p>Not a test (its name ends in neither {@code Test} nor {@code IT}, so no build runs it); run it
 * on purpose, on the commit whose format the fixture is to hold:
 *
 * <pre>
 * mvn -B -o -pl broker -am verify -Dit.test=MigrationFixtureGenerator -Dtest=none \
 *     -Dsurefire.failIfNoSpecifiedTests=false -Dfailsafe.failIfNoSpecifiedTests=false
 * </pre>
 *
 * It writes {@code broker/target/migration-fixture/} ({@code concordat.sql}, the H2 {@code SCRIPT}
 * of the whole database, and {@code keys/}); copy both into {@code
 * src/test/resources/migration/<version>-h2/} and say in its {@code SOURCE.md} which commit made
 * them. The secret and keys are those generated on first start for this run: demo values, for tests
 * only.
 */
class MigrationFixtureGenerator extends BrokerITSupport {
  /** In the 999 test range; the person of both test notices. */
  static final String NHS_NUMBER = "9990000018";

  private static final Path OUT = Path.of("target", "migration-fixture");

  @Test
  void writesTheDatabaseAndKeysOfOneDisclosureAndOneConsent() throws IOException {
    HttpResponse<String> disclosed =
        postNotice("rxa", notice("discharge-notice-RXA-to-XLA001.json"));
    assertThat(disclosed.statusCode()).as(disclosed.body()).isEqualTo(200);
    HttpResponse<String> consent =
        post(
            "/fhir/Consent",
            "xla001",
            "demo-only-xla001",
            FHIR_JSON,
            ConsentFixture.refusal(NHS_NUMBER, "housing-support", "XVO001", "XLA001"));
    assertThat(consent.statusCode()).as(consent.body()).isEqualTo(201);
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(
            () ->
                jdbc.sql("SELECT COUNT(*) FROM outbox WHERE status <> 'DELIVERED'")
                    .query(Long.class)
                    .single(),
            pending -> pending == 0L);
    awaitCheckpointCoveringLedger();

    deleteRecursively(OUT);
    Files.createDirectories(OUT);
    Path script = OUT.resolve("concordat.sql").toAbsolutePath();
    // SCRIPT answers with a result set (empty when writing to a file), so it is a query
    jdbc.sql("SCRIPT TO '" + script.toString().replace("'", "''") + "'").query().listOfRows();
    Path keys = OUT.resolve("keys");
    Files.createDirectories(keys);
    try (Stream<Path> files = Files.list(DATA.resolve("keys"))) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        Files.copy(file, keys.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    List<String> written;
    try (Stream<Path> files = Files.list(keys)) {
      written = files.map(p -> p.getFileName().toString()).toList();
    }
    assertThat(written).contains("subject-hash.secret");
    assertThat(Files.readString(script, UTF_8)).contains("LEDGER_ENTRY");
  }

  private static void deleteRecursively(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        try {
          Files.delete(path);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }
    }
  }
}
