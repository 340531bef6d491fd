package org.concordat.broker.events;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Where broker events ({@link org.concordat.broker.events.BrokerEvent}) go. In-process listeners
 * always get them as Spring application events; when {@code concordat.kafka.bootstrap-servers} is
 * set they are also sent to Kafka. The plain Kafka producer is used rather than Spring for Apache
 * Kafka: the broker only produces, and without spring-kafka on the class path Boot's own {@code
 * spring.kafka.*} settings do not appear as a second, unused place to configure Kafka.
 */
@Configuration(proxyBeanMethods = false)
class EventConfiguration {
  /** The longest the sending thread waits for topic metadata or buffer space before giving up. */
  static final int MAX_BLOCK_MS = 10_000;

  @Bean(destroyMethod = "close")
  @ConditionalOnProperty(prefix = "concordat.kafka", name = "bootstrap-servers")
  KafkaEventBridge kafkaEventBridge(
      EventBusProperties properties, ObjectMapper json, MeterRegistry meters) {
    return new KafkaEventBridge(
        new KafkaProducer<>(
            producerSettings(properties), new StringSerializer(), new ByteArraySerializer()),
        json,
        properties.topicPrefix(),
        properties.queueCapacity(),
        meters);
  }

  /**
   * The operator's extra settings, then the ones the delivery guarantees rest on: every in-sync
   * replica acknowledges, retries do not duplicate or reorder (idempotence), and a send gives up
   * after the delivery timeout.
   */
  static Map<String, Object> producerSettings(EventBusProperties properties) {
    Map<String, Object> settings = new HashMap<>();
    settings.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, MAX_BLOCK_MS);
    long delivery = properties.deliveryTimeout().toMillis();
    // Kafka requires delivery.timeout.ms >= linger.ms + request.timeout.ms.
    settings.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(30_000, delivery / 2));
    settings.putAll(properties.producer());
    settings.put(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
        Objects.requireNonNull(properties.bootstrapServers(), "concordat.kafka.bootstrap-servers"));
    settings.put(ProducerConfig.ACKS_CONFIG, "all");
    settings.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
    settings.put(
        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.min(Integer.MAX_VALUE, delivery));
    return settings;
  }
}
