package org.concordat.broker.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.kafka.test.EmbeddedKafkaBroker;
import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * With {@code concordat.kafka.bootstrap-servers} set, a disclosure and the checkpoint that covers
 * it reach Kafka topics, as JSON without personal data, from a real (in-process, KRaft) Kafka
 * broker.
 *
 * <p>Its own broker context, not {@code BrokerITSupport}'s shared one: Kafka must be configured
 * before the context starts, and the data folder must not be shared with another live context. The
 * Kafka broker is the one {@code @EmbeddedKafka(kraft = true)} would start, but started here when
 * the context first reads its address: {@code @EmbeddedKafka} starts it as a bean during refresh,
 * after the condition that switches the Kafka bridge on has been evaluated, so the bridge would
 * never exist (and it leaves the address behind as a JVM-wide system property, which would switch
 * Kafka on for contexts started later in the same JVM).
 */
@ExtendWith(KafkaEventsIT.StopKafkaAfterTheContext.class)
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = {
      "concordat.config-dir=../config",
      "logging.level.kafka=WARN",
      "logging.level.org.apache.kafka=WARN",
      "logging.level.state.change.logger=WARN"
    })
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
class KafkaEventsIT {
  private static final String DISCLOSURES = "concordat.disclosures";
  private static final String CHECKPOINTS = "concordat.checkpoints";
  private static final String NHS_NUMBER = "9990000018";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static @Nullable EmbeddedKafkaBroker kafka;

  @LocalServerPort int port;
  @Autowired JdbcClient jdbc;

  @Value("${concordat.ledger.origin}")
  String origin;

  /**
   * Starts the Kafka broker the first time its address is asked for (while the context starts, once
   * Spring has set up logging, so the levels above apply).
   */
  private static synchronized EmbeddedKafkaBroker kafka() {
    if (kafka == null) {
      kafka = new EmbeddedKafkaKraftBroker(1, 1, DISCLOSURES, CHECKPOINTS);
      kafka.afterPropertiesSet();
    }
    return kafka;
  }

  /**
   * Stops the Kafka broker after the Spring context has closed (declared before
   * {@code @SpringBootTest}, so its {@code afterAll} runs after Spring's): the broker's producer
   * flushes and closes against a live Kafka, and no broker is left running at JVM exit.
   */
  static final class StopKafkaAfterTheContext implements AfterAllCallback {
    @Override
    public void afterAll(ExtensionContext context) {
      synchronized (KafkaEventsIT.class) {
        if (kafka != null) {
          kafka.destroy();
          kafka = null;
        }
      }
      System.clearProperty(EmbeddedKafkaBroker.SPRING_EMBEDDED_KAFKA_BROKERS);
    }
  }

  @DynamicPropertySource
  static void brokerProperties(DynamicPropertyRegistry registry) throws IOException {
    Path data = Files.createTempDirectory("concordat-kafka-it-");
    registry.add("concordat.data-dir", data::toString);
    registry.add("concordat.kafka.bootstrap-servers", () -> kafka().getBrokersAsString());
    registry.add("concordat.outbox.poll-interval", () -> "100");
    registry.add("concordat.ledger.checkpoint-interval", () -> "500ms");
  }

  @Test
  void publishesTheDisclosureAndASignedCheckpointCoveringItToKafka() throws IOException {
    HttpResponse<String> response = postNotice("discharge-notice-RXA-to-XLA001.json");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    String messageId = JSON.readTree(response.body()).path("id").asText();
    long index =
        jdbc.sql("SELECT entry_index FROM ledger_entry WHERE message_id = ?")
            .param(messageId)
            .query(Long.class)
            .single();

    try (KafkaConsumer<String, String> consumer = consumer()) {
      List<ConsumerRecord<String, String>> seen = new ArrayList<>();
      ConsumerRecord<String, String> disclosure =
          awaitRecord(consumer, seen, DISCLOSURES, r -> r.key().equals(Long.toString(index)));
      JsonNode event = JSON.readTree(disclosure.value());
      assertThat(event.fieldNames().next()).isEqualTo("type");
      assertThat(event.path("type").asText()).isEqualTo("disclosure-recorded");
      assertThat(event.path("ledgerIndex").asLong()).isEqualTo(index);
      assertThat(event.path("entryType").asText()).isEqualTo("disclosure");
      assertThat(event.path("messageId").asText()).isEqualTo(messageId);
      assertThat(event.path("sender").asText()).isEqualTo("RXA");
      assertThat(event.path("recipient").asText()).isEqualTo("XLA001");
      assertThat(event.path("purpose").asText()).isEqualTo("hospital-discharge");
      assertThat(event.path("outcome").asText()).isEqualTo("permit-with-redactions");

      ConsumerRecord<String, String> checkpoint =
          awaitRecord(
              consumer, seen, CHECKPOINTS, r -> json(r.value()).path("treeSize").asLong() > index);
      JsonNode signed = JSON.readTree(checkpoint.value());
      assertThat(signed.path("type").asText()).isEqualTo("checkpoint-signed");
      assertThat(checkpoint.key()).isEqualTo(origin);
      assertThat(signed.path("origin").asText()).isEqualTo(origin);
      assertThat(signed.path("signedNote").asText())
          .startsWith(origin + "\n" + signed.path("treeSize").asLong() + "\n");
      String stored =
          jdbc.sql("SELECT signed_note FROM ledger_checkpoint WHERE tree_size = ?")
              .param(signed.path("treeSize").asLong())
              .query(String.class)
              .single();
      assertThat(signed.path("signedNote").asText()).isEqualTo(stored);

      assertThat(seen)
          .extracting(ConsumerRecord::value)
          .noneMatch(value -> value.contains(NHS_NUMBER) || value.contains("Ashworth"));
    }
  }

  private static ConsumerRecord<String, String> awaitRecord(
      KafkaConsumer<String, String> consumer,
      List<ConsumerRecord<String, String>> seen,
      String topic,
      java.util.function.Predicate<ConsumerRecord<String, String>> wanted) {
    return await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              consumer.poll(Duration.ofMillis(200)).forEach(seen::add);
              return seen.stream()
                  .filter(r -> r.topic().equals(topic) && wanted.test(r))
                  .findFirst();
            },
            Optional::isPresent)
        .orElseThrow();
  }

  private static KafkaConsumer<String, String> consumer() {
    KafkaConsumer<String, String> consumer =
        new KafkaConsumer<>(
            Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
                kafka.getBrokersAsString(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
                false),
            new StringDeserializer(),
            new StringDeserializer());
    List<TopicPartition> partitions =
        List.of(new TopicPartition(DISCLOSURES, 0), new TopicPartition(CHECKPOINTS, 0));
    consumer.assign(partitions);
    consumer.seekToBeginning(partitions);
    return consumer;
  }

  private HttpResponse<String> postNotice(String name) throws IOException {
    byte[] notice;
    try (InputStream in = KafkaEventsIT.class.getResourceAsStream("/notices/" + name)) {
      notice = in.readAllBytes();
    }
    String credentials =
        Base64.getEncoder().encodeToString("rxa:demo-only-rxa".getBytes(StandardCharsets.UTF_8));
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/fhir/$process-message"))
            .header("Content-Type", "application/fhir+json")
            .header("Accept", "application/fhir+json")
            .header("Authorization", "Basic " + credentials)
            .POST(HttpRequest.BodyPublishers.ofByteArray(notice))
            .build();
    try {
      return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
