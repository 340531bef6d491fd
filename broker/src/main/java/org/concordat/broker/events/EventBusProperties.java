package org.concordat.broker.events;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where broker events go besides in-process listeners (keys under {@code concordat.kafka}). With no
 * {@code bootstrap-servers} nothing is sent to Kafka.
 *
 * @param bootstrapServers the Kafka brokers ({@code host:port,...}); unset means in-process only
 * @param topicPrefix put before each event's logical topic ({@code concordat.} gives {@code
 *     concordat.disclosures})
 * @param deliveryTimeout how long the producer keeps trying to deliver one event, retries included,
 *     before it gives up and logs the loss
 * @param queueCapacity how many events may wait for the sending thread; past that, events are
 *     dropped (and logged) rather than holding up the ledger
 * @param producer further Kafka producer settings passed as they are: TLS and SASL ({@code
 *     security.protocol}, {@code ssl.truststore.location}, {@code sasl.mechanism}, {@code
 *     sasl.jaas.config}), {@code client.id}, {@code compression.type}. Secrets belong in the
 *     environment ({@code CONCORDAT_KAFKA_PRODUCER_SASL_JAAS_CONFIG}), not in files. Settings the
 *     delivery guarantees rest on cannot be overridden here.
 */
@ConfigurationProperties("concordat.kafka")
record EventBusProperties(
    @Nullable String bootstrapServers,
    @DefaultValue("concordat.") String topicPrefix,
    @DefaultValue("30s") Duration deliveryTimeout,
    @DefaultValue("10000") int queueCapacity,
    Map<String, String> producer) {

  /** Producer settings the broker sets itself: acks, idempotence, serialisers and timeouts. */
  static final Set<String> MANAGED =
      Set.of(
          "bootstrap.servers",
          "acks",
          "enable.idempotence",
          "delivery.timeout.ms",
          "key.serializer",
          "value.serializer");

  public EventBusProperties {
    bootstrapServers =
        bootstrapServers == null || bootstrapServers.isBlank() ? null : bootstrapServers.strip();
    producer = producer == null ? Map.of() : Map.copyOf(producer);
    if (deliveryTimeout.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException(
          "concordat.kafka.delivery-timeout must be at least 1s, not " + deliveryTimeout);
    }
    if (queueCapacity < 1) {
      throw new IllegalArgumentException(
          "concordat.kafka.queue-capacity must be at least 1, not " + queueCapacity);
    }
    Set<String> overridden = new TreeSet<>(producer.keySet());
    overridden.retainAll(MANAGED);
    if (!overridden.isEmpty()) {
      throw new IllegalArgumentException(
          "concordat.kafka.producer cannot set "
              + overridden
              + ": the broker sets these itself (use bootstrap-servers and delivery-timeout)");
    }
  }

  /** Values may be secrets (SASL passwords): only the keys are shown. */
  @Override
  public String toString() {
    return "EventBusProperties[bootstrapServers="
        + bootstrapServers
        + ", topicPrefix="
        + topicPrefix
        + ", deliveryTimeout="
        + deliveryTimeout
        + ", queueCapacity="
        + queueCapacity
        + ", producer keys="
        + new TreeSet<>(producer.keySet())
        + "]";
  }
}
