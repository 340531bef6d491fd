package org.concordat.broker.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.concordat.broker.ledger.Checkpointer.CheckpointSigned;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertySources;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

class EventConfigurationTest {

  @Test
  void defaultsToInProcessOnlyWithTheConcordatTopicPrefix() {
    EventBusProperties properties = bind(Map.of("concordat.kafka.topic-prefix", "concordat."));

    assertThat(properties.bootstrapServers()).isNull();
    assertThat(properties.topicPrefix()).isEqualTo("concordat.");
    assertThat(properties.deliveryTimeout()).isEqualTo(Duration.ofSeconds(30));
    assertThat(properties.producer()).isEmpty();
  }

  @Test
  void passesDottedProducerSettingsThroughAndKeepsTheGuaranteesItSetsItself() {
    EventBusProperties properties =
        bind(
            Map.of(
                "concordat.kafka.bootstrap-servers", "kafka-1:9093,kafka-2:9093",
                "concordat.kafka.delivery-timeout", "10s",
                "concordat.kafka.producer.security.protocol", "SASL_SSL",
                "concordat.kafka.producer.sasl.mechanism", "SCRAM-SHA-512"));

    Map<String, Object> settings = EventConfiguration.producerSettings(properties);

    assertThat(settings)
        .containsEntry(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, "kafka-1:9093,kafka-2:9093")
        .containsEntry("security.protocol", "SASL_SSL")
        .containsEntry("sasl.mechanism", "SCRAM-SHA-512")
        .containsEntry(ProducerConfig.ACKS_CONFIG, "all")
        .containsEntry(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true)
        .containsEntry(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000)
        .containsEntry(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
  }

  @Test
  void refusesProducerSettingsThatWouldWeakenDelivery() {
    assertThatThrownBy(
            () ->
                bind(
                    Map.of(
                        "concordat.kafka.bootstrap-servers", "kafka-1:9093",
                        "concordat.kafka.producer.acks", "1")))
        .isInstanceOf(BindException.class)
        .rootCause()
        .hasMessageContaining("cannot set [acks]");
  }

  @Test
  void readsProducerSettingsFromTheEnvironmentWithUnderscoresAsDots() {
    EventBusProperties properties =
        new Binder(
                ConfigurationPropertySources.from(
                    new SystemEnvironmentPropertySource(
                        StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
                        Map.of(
                            "CONCORDAT_KAFKA_BOOTSTRAP_SERVERS", "kafka-1:9093",
                            "CONCORDAT_KAFKA_PRODUCER_SASL_JAAS_CONFIG", "jaas"))))
            .bindOrCreate("concordat.kafka", EventBusProperties.class);

    assertThat(properties.bootstrapServers()).isEqualTo("kafka-1:9093");
    assertThat(properties.producer()).containsExactly(Map.entry("sasl.jaas.config", "jaas"));
  }

  @Test
  void hidesProducerSettingValuesFromToString() {
    EventBusProperties properties =
        bind(Map.of("concordat.kafka.producer.sasl.jaas.config", "password=\"s3cret\""));

    assertThat(properties.toString()).contains("sasl.jaas.config").doesNotContain("s3cret");
  }

  @Test
  void writesTheTypeFirstThenThePayload() {
    DisclosureRecorded recorded =
        new DisclosureRecorded(
            7, "msg-1", "disclosure", "RXA", "XLA001", "hospital-discharge", "permit");

    assertThat(recorded.topic()).isEqualTo("disclosures");
    assertThat(recorded.key()).isEqualTo("7");
    assertThat(List.copyOf(KafkaEventBridge.message(recorded).keySet()))
        .containsExactly(
            "type",
            "ledgerIndex",
            "entryType",
            "messageId",
            "sender",
            "recipient",
            "purpose",
            "outcome");
    assertThat(KafkaEventBridge.message(recorded)).containsEntry("type", "disclosure-recorded");
  }

  @Test
  void keysCheckpointsByTheLogsOrigin() {
    CheckpointSigned signed =
        new CheckpointSigned(3, "example.org/log\n3\nAAAA\n\n\u2014 example.org/log abc=\n");

    assertThat(signed.eventType()).isEqualTo("checkpoint-signed");
    assertThat(signed.topic()).isEqualTo("checkpoints");
    assertThat(signed.key()).isEqualTo("example.org/log");
    assertThat(KafkaEventBridge.message(signed))
        .containsEntry("origin", "example.org/log")
        .containsEntry("treeSize", 3L);
  }

  private static EventBusProperties bind(Map<String, String> values) {
    return new Binder(new MapConfigurationPropertySource(values))
        .bindOrCreate("concordat.kafka", EventBusProperties.class);
  }
}
