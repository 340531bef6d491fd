package org.concordat.broker.events;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Sends every {@link BrokerEvent} to Kafka as JSON without holding up whoever published it: the
 * publisher (often the ledger sequencer's thread, right after a commit) only queues the event; one
 * thread of this bridge serialises and hands it to the producer, whose own I/O thread delivers it.
 * Failures are logged with the event's type and key, never its payload, and counted ({@code
 * concordat.events} by type and result).
 *
 * <p>Guarantee: at most once, after commit. Each event is handed to the producer once; the producer
 * is idempotent, so its own retries neither duplicate nor reorder it. It is lost (and logged) if
 * the queue is full, if Kafka does not acknowledge it within the delivery timeout, or if the broker
 * stops before it is sent. The ledger remains the record: a consumer catches up from {@code
 * /api/ledger/entries}.
 */
final class KafkaEventBridge implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(KafkaEventBridge.class);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(5);
  private static final ObjectMapper READER =
      JsonMapper.builder().enable(DeserializationFeature.USE_LONG_FOR_INTS).build();
  private static final TypeReference<LinkedHashMap<String, Object>> MESSAGE =
      new TypeReference<>() {};

  private final Producer<String, byte[]> producer;
  private final ObjectMapper json;
  private final String topicPrefix;
  private final MeterRegistry meters;
  private final ThreadPoolExecutor sender;

  KafkaEventBridge(
      Producer<String, byte[]> producer,
      ObjectMapper json,
      String topicPrefix,
      int queueCapacity,
      MeterRegistry meters) {
    this.producer = producer;
    this.json = json;
    this.topicPrefix = topicPrefix;
    this.meters = meters;
    this.sender =
        new ThreadPoolExecutor(
            1,
            1,
            0,
            TimeUnit.MILLISECONDS,
            new ArrayBlockingQueue<>(queueCapacity),
            task -> {
              Thread thread = new Thread(task, "kafka-events");
              thread.setDaemon(true);
              return thread;
            },
            new ThreadPoolExecutor.AbortPolicy());
  }

  /**
   * Queues the event for Kafka; never blocks. An event published inside a transaction waits for its
   * commit (and is dropped on rollback); one published outside any transaction, as the ledger
   * sequencer does after its commit, is queued at once.
   */
  @TransactionalEventListener(fallbackExecution = true)
  public void on(BrokerEvent event) {
    try {
      sender.execute(() -> send(event));
    } catch (RejectedExecutionException e) {
      String why = sender.isShutdown() ? "the broker is stopping" : "the send queue is full";
      log.warn("Event {} {} was not sent to Kafka: {}", event.eventType(), event.key(), why);
      count(event, "dropped");
    }
  }

  private void send(BrokerEvent event) {
    String topic = topicPrefix + event.topic();
    byte[] value;
    try {
      value = json.writeValueAsBytes(event);
    } catch (JsonProcessingException e) {
      // Jackson's message can quote the value it choked on: name the failure only.
      log.error(
          "Event {} {} could not be written as JSON ({}); not sent to Kafka",
          event.eventType(),
          event.key(),
          e.getClass().getSimpleName());
      count(event, "failed");
      return;
    }
    try {
      producer.send(
          new ProducerRecord<>(topic, event.key(), value),
          (metadata, error) -> {
            if (error == null) {
              count(event, "sent");
            } else {
              // Kafka's messages name topics, partitions and timeouts, never record contents.
              log.error(
                  "Event {} {} was not delivered to Kafka topic {}: {}",
                  event.eventType(),
                  event.key(),
                  topic,
                  error.toString());
              count(event, "failed");
            }
          });
    } catch (KafkaException | IllegalStateException e) {
      // Thrown before the record is queued: no metadata within max.block.ms, or the producer
      // closed.
      log.error(
          "Event {} {} was not sent to Kafka topic {}: {}",
          event.eventType(),
          event.key(),
          topic,
          e.toString());
      count(event, "failed");
    }
  }

  /**
   * The message as a consumer reads it back, for checks: {@code type} first, then the event's
   * fields in their wire order, whole numbers as {@code Long}. What is sent is the event written by
   * Jackson, {@code {"type": ..., ...fields}}.
   */
  static Map<String, Object> message(BrokerEvent event) {
    return READER.convertValue(event, MESSAGE);
  }

  private void count(BrokerEvent event, String result) {
    Counter.builder("concordat.events")
        .description("Broker events handed to Kafka, by type and result (sent, failed, dropped)")
        .tag("type", event.eventType())
        .tag("result", result)
        .register(meters)
        .increment();
  }

  /**
   * Sends what is already queued (for up to a few seconds), then flushes and closes the producer.
   */
  @Override
  public void close() {
    sender.shutdown();
    try {
      if (!sender.awaitTermination(CLOSE_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        int left = sender.shutdownNow().size();
        log.warn("{} event(s) were still queued for Kafka at shutdown and were not sent", left);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    producer.close(CLOSE_TIMEOUT);
  }
}
