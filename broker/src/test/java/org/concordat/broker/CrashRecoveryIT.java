package org.concordat.broker;

import static org.assertj.core.api.Assertions.assertThat;
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

  private Process start(int port) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx512m");
    command.add("-jar");
    command.add(JAR.toString());
    command.add("--server.port=" + port);
    command.add("--concordat.data-dir=" + data.toAbsolutePath());
    command.add("--concordat.config-dir=../config");
    command.add("--concordat.ledger.checkpoint-interval=1s");
    return new ProcessBuilder(command)
        .redirectErrorStream(true)
        .redirectOutput(data.resolve("broker.log").toFile())
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
