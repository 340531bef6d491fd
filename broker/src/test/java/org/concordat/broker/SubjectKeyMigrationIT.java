package org.concordat.broker;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.concordat.broker.cli.CliRun;
import org.concordat.broker.cli.ExitCodes;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A database written by the broker before typed subject keys (the fixture in
 * src/test/resources/migration/v0.1-h2, see its SOURCE.md) under today's broker: it keeps the
 * LEGACY scheme, its ledger still verifies, and its person is still found, old entries and new.
 */
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "concordat.config-dir=../config")
class SubjectKeyMigrationIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String FIXTURE = "/migration/v0.1-h2";
  private static final String NHS_NUMBER = "9990000018";

  /** Read from the fixture's ledger entries 5 (disclosure) and 6 (consent-change), not computed. */
  private static final String FIXTURE_SUBJECT_KEY =
      "a149c970f9e254160116fc7b2a35cc1009fa20757cd41b2fea65775031e8b8ba";

  /** The fixture's consent directive about the person. */
  private static final String FIXTURE_CONSENT = "6e125550-9685-4485-883e-1eec427d1980";

  private static final Path DATA = loadFixture();

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;

  private final HttpClient http = HttpClient.newHttpClient();

  @DynamicPropertySource
  static void brokerProperties(DynamicPropertyRegistry registry) {
    registry.add("concordat.data-dir", DATA::toString);
    registry.add("concordat.ledger.checkpoint-interval", () -> "500ms");
  }

  /** A data folder holding the fixture's keys and a database loaded from its script. */
  private static Path loadFixture() {
    try {
      Path fixture =
          Path.of(Objects.requireNonNull(SubjectKeyMigrationIT.class.getResource(FIXTURE)).toURI());
      Path data = Files.createTempDirectory("concordat-migration-");
      Path keys = Files.createDirectories(data.resolve("keys"));
      try (Stream<Path> files = Files.list(fixture.resolve("keys"))) {
        for (Path file : files.toList()) {
          Path copy = Files.copy(file, keys.resolve(file.getFileName()));
          Files.setPosixFilePermissions(copy, PosixFilePermissions.fromString("rw-------"));
        }
      }
      Files.createDirectories(data.resolve("db"));
      try (Connection connection =
              DriverManager.getConnection(
                  "jdbc:h2:file:" + data.resolve("db").resolve("concordat"), "sa", "");
          Statement statement = connection.createStatement()) {
        statement.execute(
            "RUNSCRIPT FROM '"
                + fixture.resolve("concordat.sql").toString().replace("'", "''")
                + "'");
      }
      return data;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException | SQLException e) {
      throw new IllegalStateException("The migration fixture could not be loaded", e);
    }
  }

  @Test
  void keepsTheLegacySchemeForADatabaseThatAlreadyHoldsPeople() {
    assertThat(
            jdbc.sql("SELECT scheme FROM subject_key_scheme WHERE id = 1")
                .query(String.class)
                .single())
        .isEqualTo("legacy");
    assertThat(
            jdbc.sql(
                    "SELECT COUNT(*) FROM \"flyway_schema_history\""
                        + " WHERE \"version\" = '13' AND \"success\"")
                .query(Long.class)
                .single())
        .as("V13 applied on top of the fixture's V1 to V12")
        .isEqualTo(1L);
  }

  @Test
  void theLedgerWrittenBeforeStillVerifies() {
    CliRun verified =
        CliRun.of(
            "ledger",
            "verify",
            "--url=http://localhost:" + port,
            "--user=ig-lead",
            "--password=demo-only-ig-lead");

    assertThat(verified.code()).as(verified.err()).isEqualTo(ExitCodes.OK);
    assertThat(verified.out()).startsWith("OK: ");
  }

  @Test
  void subjectAccessStillFindsTheEntriesWrittenBefore() {
    JsonNode report = subjectAccess();

    assertThat(report.path("subjectKey").asText()).isEqualTo(FIXTURE_SUBJECT_KEY);
    List<Long> indexes = new ArrayList<>();
    for (JsonNode item : report.path("entries")) {
      indexes.add(item.path("index").asLong());
      assertThat(item.path("entry").asText())
          .contains("\"subject\":\"" + FIXTURE_SUBJECT_KEY + "\"");
    }
    assertThat(indexes).contains(5L, 6L);
  }

  @Test
  void aNewConsentForThePersonIsFoundWithTheOldOne() {
    HttpResponse<String> created =
        send(
            "POST",
            "/fhir/Consent",
            "xla001",
            ConsentFixture.refusal(NHS_NUMBER, "hospital-discharge", "XLA001", "XLA001"));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String location = created.headers().firstValue("Location").orElseThrow();
    String newId = location.substring(location.indexOf("Consent/")).split("/")[1];

    JsonNode found =
        json(
            send(
                    "GET",
                    "/fhir/Consent?patient:identifier=https://fhir.nhs.uk/Id/nhs-number%7C"
                        + NHS_NUMBER,
                    "ig-lead",
                    null)
                .body());
    List<String> ids = new ArrayList<>();
    found.path("entry").forEach(e -> ids.add(e.path("resource").path("id").asText()));
    assertThat(ids).containsExactlyInAnyOrder(FIXTURE_CONSENT, newId);

    // The new consent-change entry carries the same subject key as the old entries.
    JsonNode report = subjectAccess();
    assertThat(report.path("subjectKey").asText()).isEqualTo(FIXTURE_SUBJECT_KEY);
    long consentChanges = 0;
    for (JsonNode item : report.path("entries")) {
      if (item.path("entry").asText().contains("\"directive\":\"Consent/" + newId + "/")) {
        consentChanges++;
      }
    }
    assertThat(consentChanges).isEqualTo(1);
  }

  private JsonNode subjectAccess() {
    HttpResponse<String> response =
        send(
            "POST",
            "/api/subject-access",
            "ig-lead",
            ("{\"nhsNumber\":\"" + NHS_NUMBER + "\"}").getBytes(UTF_8),
            "application/json");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return json(response.body());
  }

  private HttpResponse<String> send(String method, String path, String user, byte[] body) {
    return send(method, path, user, body, "application/fhir+json");
  }

  private HttpResponse<String> send(
      String method, String path, String user, byte[] body, String contentType) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
            .timeout(Duration.ofSeconds(90))
            .header(
                "Authorization",
                "Basic "
                    + Base64.getEncoder()
                        .encodeToString((user + ":demo-only-" + user).getBytes(UTF_8)))
            .header("Content-Type", contentType)
            .header("Accept", "application/fhir+json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
