package org.concordat.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.concordat.broker.cli.CliRun;
import org.concordat.broker.cli.ExitCodes;
import org.concordat.broker.ledger.FollowUps;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills the broker process (SIGKILL) in the middle of a burst of disclosures, starts it again on
 * the same data, and checks that the ledger verifies and every acknowledged disclosure has exactly
 * one entry. Runs the packaged jar, on the embedded default (H2 file database).
 */
class CrashRecoveryIT {
  private static final Path JAR =
      Path.of(System.getProperty("concordat.jar", "target/concordat-broker.jar"));
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SAMPLE_HEADER_ID = "0b7e5a2c-91d4-4f3e-8c2a-5e6f70819a02";

  @TempDir Path data;

  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  @Test
  void everyAcknowledgedDisclosureSurvivesAKillAndTheLedgerStillVerifies() throws Exception {
    int port = freePort();
    byte[] notice =
        Files.readAllBytes(
            Path.of("src/test/resources/notices/discharge-notice-RXA-to-XLA001.json"));
    Set<String> acknowledged = ConcurrentHashMap.newKeySet();

    Process broker = start(port);
    ExecutorService senders = Executors.newFixedThreadPool(8);
    try {
      awaitHealthy(port);
      for (int t = 0; t < 8; t++) {
        senders.submit(
            () -> {
              while (!Thread.currentThread().isInterrupted()) {
                try {
                  HttpResponse<String> response = send(port, notice);
                  if (response.statusCode() == 200) {
                    acknowledged.add(JSON.readTree(response.body()).path("id").asText());
                  }
                } catch (IOException e) {
                  return; // the broker is gone
                } catch (InterruptedException e) {
                  return;
                }
              }
            });
      }
      // Kill in the middle of the burst: once enough disclosures are acknowledged.
      await("disclosures acknowledged before the kill")
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(20))
          .until(() -> acknowledged.size() >= 40);
    } finally {
      broker.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      senders.shutdownNow();
      senders.awaitTermination(10, TimeUnit.SECONDS);
    }

    Process restarted = start(port);
    try {
      awaitHealthy(port);
      Map<String, Integer> entriesPerMessage = new HashMap<>();
      for (JsonNode entry : allEntries(port)) {
        entriesPerMessage.merge(entry.path("body").path("messageId").asText(), 1, Integer::sum);
      }
      for (String messageId : acknowledged) {
        assertThat(entriesPerMessage.get(messageId))
            .as("ledger entries for acknowledged message " + messageId)
            .isEqualTo(1);
      }
      // A checkpoint over the recovered ledger, then offline verification of all of it.
      send(port, notice);
      await("offline verification of the recovered ledger")
          .atMost(Duration.ofSeconds(30))
          .pollDelay(Duration.ofMillis(500))
          .pollInterval(Duration.ofMillis(500))
          .untilAsserted(
              () -> {
                CliRun verified =
                    CliRun.of(
                        "ledger",
                        "verify",
                        "--url=http://localhost:" + port,
                        "--user=ig-lead",
                        "--password=demo-only-ig-lead");
                assertThat(verified.code()).as(verified.err()).isEqualTo(ExitCodes.OK);
                assertThat(verified.out()).startsWith("OK: ");
              });
    } finally {
      restarted.destroy();
      restarted.waitFor(30, TimeUnit.SECONDS);
    }
  }

  /**
   * A consent refusal commits while a disclosure about the person is queued, and the broker dies
   * (the test-only halt) after the commit and before the follow-up that decides the queue again.
   * Started again on the same data, it completes the follow-up: the queued delivery is cancelled
   * once, with one {@code delivery-cancelled} entry, and nothing is left outstanding.
   */
  @Test
  void aConsentChangeCommittedJustBeforeACrashIsFollowedUpOnceAfterTheRestart() throws Exception {
    int port = freePort();
    // No transport routes: the disclosure's first attempt finds no route and the next is an hour
    // away, so it stays queued.
    Files.createDirectories(data.resolve("no-routes"));
    Process broker =
        start(
            port,
            List.of("-D" + FollowUps.INSECURE_TEST_ONLY_HALT_PROPERTY + "=consent-changed"),
            List.of(
                "--camel.main.routes-include-pattern=file:"
                    + data.resolve("no-routes").toAbsolutePath()
                    + "/*.camel.yaml",
                "--concordat.outbox.first-retry-delay=1h"));
    String messageId;
    try {
      awaitHealthy(port);
      HttpResponse<String> queued =
          send(
              port,
              Files.readAllBytes(
                  Path.of("src/test/resources/notices/discharge-notice-RXA-to-XLA001.json")));
      assertThat(queued.statusCode()).as(queued.body()).isEqualTo(200);
      messageId = JSON.readTree(queued.body()).path("id").asText();

      assertThatThrownBy(
              () ->
                  http.send(
                      HttpRequest.newBuilder(
                              URI.create("http://localhost:" + port + "/fhir/Consent"))
                          .header("Content-Type", "application/fhir+json")
                          .header("Authorization", basic("rxa", "demo-only-rxa"))
                          .timeout(Duration.ofSeconds(30))
                          .POST(
                              HttpRequest.BodyPublishers.ofByteArray(
                                  ConsentFixture.refusal(
                                      "9990000018", "hospital-discharge", "XLA001", "RXA")))
                          .build(),
                      HttpResponse.BodyHandlers.ofString()))
          .as("the broker halts before answering")
          .isInstanceOf(IOException.class);
      assertThat(broker.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(broker.exitValue()).as("halted by the test-only switch").isEqualTo(86);
    } finally {
      broker.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
    }

    Process restarted = start(port);
    try {
      awaitHealthy(port);
      await("the follow-up completed after the restart")
          .atMost(Duration.ofSeconds(30))
          .pollInterval(Duration.ofMillis(250))
          .untilAsserted(
              () ->
                  assertThat(typesOf(allEntries(port), messageId))
                      .containsExactly("disclosure", "delivery-cancelled"));
      List<JsonNode> entries = allEntries(port);
      assertThat(entries)
          .extracting(e -> e.path("type").asText())
          .filteredOn("consent-change"::equals)
          .hasSize(1);
    } finally {
      restarted.destroy();
      restarted.waitFor(30, TimeUnit.SECONDS);
    }
    // Read the stopped broker's database: the delivery was cancelled, not re-queued, and no
    // follow-up is left to run again.
    try (Connection db =
            DriverManager.getConnection(
                "jdbc:h2:file:" + data.toAbsolutePath() + "/db/concordat", "sa", "");
        Statement query = db.createStatement()) {
      assertThat(single(query, "SELECT COUNT(*) FROM follow_up")).isEqualTo("0");
      assertThat(
              single(
                  query,
                  "SELECT LISTAGG(status, ',') FROM outbox WHERE message_id = '" + messageId + "'"))
          .isEqualTo("CANCELLED");
    }
  }

  private static List<String> typesOf(List<JsonNode> entries, String messageId) {
    return entries.stream()
        .filter(e -> messageId.equals(e.path("body").path("messageId").asText()))
        .map(e -> e.path("type").asText())
        .toList();
  }

  private static String single(Statement query, String sql) throws SQLException {
    try (ResultSet result = query.executeQuery(sql)) {
      assertThat(result.next()).isTrue();
      return result.getString(1);
    }
  }

  private Process start(int port) throws IOException {
    return start(port, List.of(), List.of());
  }

  private Process start(int port, List<String> jvmOptions, List<String> settings)
      throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx512m");
    command.addAll(jvmOptions);
    command.add("-jar");
    command.add(JAR.toString());
    command.add("--server.port=" + port);
    command.add("--concordat.data-dir=" + data.toAbsolutePath());
    command.add("--concordat.config-dir=../config");
    command.add("--concordat.ledger.checkpoint-interval=1s");
    command.addAll(settings);
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(data.resolve("broker.log").toFile()))
        .start();
  }

  private void awaitHealthy(int port) {
    await("the broker to become healthy; see " + data.resolve("broker.log"))
        .atMost(Duration.ofSeconds(120))
        .pollInterval(Duration.ofMillis(250))
        .ignoreExceptionsInstanceOf(IOException.class) // still starting
        .until(
            () ->
                http.send(
                            HttpRequest.newBuilder(
                                    URI.create("http://localhost:" + port + "/actuator/health"))
                                .build(),
                            HttpResponse.BodyHandlers.ofString())
                        .statusCode()
                    == 200);
  }

  private HttpResponse<String> send(int port, byte[] notice)
      throws IOException, InterruptedException {
    // Each send is a new message (a new MessageHeader.id): a repeat would get the original answer.
    byte[] message =
        new String(notice, StandardCharsets.UTF_8)
            .replace(SAMPLE_HEADER_ID, java.util.UUID.randomUUID().toString())
            .getBytes(StandardCharsets.UTF_8);
    return http.send(
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/fhir/$process-message"))
            .header("Content-Type", "application/fhir+json")
            .header("Authorization", basic("rxa", "demo-only-rxa"))
            .timeout(Duration.ofSeconds(30))
            .POST(HttpRequest.BodyPublishers.ofByteArray(message))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Every entry, one request each until the end (the ledger here is small). */
  private List<JsonNode> allEntries(int port) throws IOException, InterruptedException {
    List<JsonNode> entries = new ArrayList<>();
    for (long i = 0; ; i++) {
      HttpResponse<String> one =
          http.send(
              HttpRequest.newBuilder(
                      URI.create(
                          "http://localhost:"
                              + port
                              + "/api/ledger/entries?start="
                              + i
                              + "&end="
                              + (i + 1)))
                  .header("Authorization", basic("ig-lead", "demo-only-ig-lead"))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (one.statusCode() != 200) {
        return entries;
      }
      entries.add(JSON.readTree(one.body()));
    }
  }

  private static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }
}
