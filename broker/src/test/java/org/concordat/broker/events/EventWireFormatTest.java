package org.concordat.broker.events;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.concordat.broker.breakglass.BreakGlassAlert;
import org.concordat.broker.breakglass.BreakGlassReviewed;
import org.concordat.broker.breakglass.BreakGlassRevoked;
import org.concordat.broker.consent.ConsentChanged;
import org.concordat.broker.consent.ConsentWithdrawalNotice;
import org.concordat.broker.ledger.Checkpointer.CheckpointSigned;
import org.concordat.broker.witness.WitnessAlert;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.http.converter.json.Jackson2ObjectMapperBuilder;

/**
 * Pins each event's JSON on the wire. The literals are what the broker sent before the events were
 * written by Jackson from their records (the hand-built payload maps of commit 29e746a, printed by
 * running that code on these events); consumers switch on these names, so a change here is a
 * breaking change for every partner's monitor.
 */
class EventWireFormatTest {

  static Stream<Arguments> events() {
    return Stream.of(
        Arguments.of(
            new DisclosureRecorded(
                7, "msg-1", "disclosure", "RXA", "XLA001", "hospital-discharge", "permit"),
            "concordat.disclosures",
            "7",
            "{\"type\":\"disclosure-recorded\",\"ledgerIndex\":7,\"entryType\":\"disclosure\","
                + "\"messageId\":\"msg-1\",\"sender\":\"RXA\",\"recipient\":\"XLA001\","
                + "\"purpose\":\"hospital-discharge\",\"outcome\":\"permit\"}"),
        Arguments.of(
            new ConsentChanged("Consent/c-1", "withdrawn", 12),
            "concordat.consent-changes",
            "Consent/c-1",
            "{\"type\":\"consent-changed\",\"directive\":\"Consent/c-1\",\"change\":\"withdrawn\","
                + "\"ledgerIndex\":12}"),
        Arguments.of(
            new ConsentWithdrawalNotice("XLA001", "Consent/c-1", "withdrawn", List.of(3L, 9L)),
            "concordat.partner.XLA001",
            "Consent/c-1",
            "{\"type\":\"consent-withdrawal-notice\",\"recipient\":\"XLA001\","
                + "\"directive\":\"Consent/c-1\",\"change\":\"withdrawn\",\"disclosures\":[3,9]}"),
        Arguments.of(
            new BreakGlassAlert(
                "bg-1",
                "RXA",
                "XLA001",
                "hospital-discharge",
                "dr-patel",
                "clinician",
                Instant.parse("2026-12-03T22:15:30.123Z"),
                41),
            "concordat.break-glass-alerts",
            "bg-1",
            "{\"type\":\"break-glass-alert\",\"grantId\":\"bg-1\",\"reference\":\"BreakGlass/bg-1\","
                + "\"organisation\":\"RXA\",\"recipient\":\"XLA001\",\"purpose\":\"hospital-discharge\","
                + "\"actor\":\"dr-patel\",\"role\":\"clinician\","
                + "\"expires\":\"2026-12-03T22:15:30.123Z\",\"ledgerIndex\":41}"),
        Arguments.of(
            new BreakGlassReviewed("bg-1", "inappropriate", "ig-lead", 45, 41),
            "concordat.break-glass-alerts",
            "bg-1",
            "{\"type\":\"break-glass-reviewed\",\"grantId\":\"bg-1\","
                + "\"reference\":\"BreakGlass/bg-1\",\"outcome\":\"inappropriate\","
                + "\"reviewer\":\"ig-lead\",\"ledgerIndex\":45,\"grantLedgerIndex\":41}"),
        Arguments.of(
            new BreakGlassRevoked("bg-1", "ig-lead", "ig", true, 46, 41),
            "concordat.break-glass-alerts",
            "bg-1",
            "{\"type\":\"break-glass-revoked\",\"grantId\":\"bg-1\",\"reference\":\"BreakGlass/bg-1\","
                + "\"revokedBy\":\"ig-lead\",\"role\":\"ig\",\"byReview\":true,\"ledgerIndex\":46,"
                + "\"grantLedgerIndex\":41}"),
        Arguments.of(
            new WitnessAlert("wa-1", "XLA001", "fork", "root differs at size 5", 4L),
            "concordat.ledger-alerts",
            "XLA001",
            "{\"type\":\"witness-alert\",\"id\":\"wa-1\",\"witness\":\"XLA001\",\"reason\":\"fork\","
                + "\"detail\":\"root differs at size 5\",\"acceptedSize\":4}"),
        Arguments.of(
            new WitnessAlert("wa-2", "XLA001", "unverified", "bad signature", null),
            "concordat.ledger-alerts",
            "XLA001",
            "{\"type\":\"witness-alert\",\"id\":\"wa-2\",\"witness\":\"XLA001\","
                + "\"reason\":\"unverified\",\"detail\":\"bad signature\"}"),
        Arguments.of(
            new CheckpointSigned(3, "example.org/log\n3\nAAAA\n\n\u2014 example.org/log abc=\n"),
            "concordat.checkpoints",
            "example.org/log",
            "{\"type\":\"checkpoint-signed\",\"origin\":\"example.org/log\",\"treeSize\":3,"
                + "\"signedNote\":\"example.org/log\\n3\\nAAAA\\n\\n\u2014 example.org/log abc=\\n\"}"));
  }

  @ParameterizedTest
  @MethodSource("events")
  void sendsEachEventToKafkaAsItsPinnedJson(
      BrokerEvent event, String topic, String key, String wire) {
    MockProducer<String, byte[]> producer =
        new MockProducer<>(true, new StringSerializer(), new ByteArraySerializer());
    try (KafkaEventBridge bridge =
        new KafkaEventBridge(
            producer,
            Jackson2ObjectMapperBuilder.json().build(),
            "concordat.",
            10,
            new SimpleMeterRegistry())) {
      bridge.on(event);
      await().atMost(Duration.ofSeconds(5)).until(() -> !producer.history().isEmpty());
    }

    ProducerRecord<String, byte[]> sent = producer.history().get(0);
    assertThat(sent.topic()).isEqualTo(topic);
    assertThat(sent.key()).isEqualTo(key);
    assertThat(new String(sent.value(), UTF_8)).isEqualTo(wire);
  }

  @ParameterizedTest
  @MethodSource("events")
  void writesTheSameJsonWhateverTheMappersDefaults(
      BrokerEvent event, String topic, String key, String wire) throws Exception {
    assertThat(new ObjectMapper().writeValueAsString(event)).isEqualTo(wire);
  }
}
