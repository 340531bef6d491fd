package org.concordat.broker.delivery;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.concordat.broker.delivery.OutboxRepository.PendingDelivery;
import org.concordat.broker.events.DisclosureRecorded;
import org.concordat.broker.ledger.FollowUp;
import org.concordat.broker.ledger.FollowUpHandler;
import org.concordat.broker.ledger.FollowUps;
import org.concordat.broker.ledger.LedgerRepository;
import org.concordat.broker.ledger.LedgerSequencer;
import org.concordat.protocols.decision.Reason;
import org.concordat.protocols.decision.ReasonCode;
import org.concordat.protocols.ledger.DisclosureBody;
import org.concordat.protocols.ledger.EntryType;
import org.concordat.protocols.ledger.LedgerEntry;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;

/**
 * Hands committed deliveries to the recipient's outbound route ({@code direct:deliver-<ODS>}),
 * retrying with exponential back-off. A delivery that fails its last attempt is marked failed and
 * gets a second ledger entry saying so, so the ledger never claims a delivery that did not happen.
 */
class OutboxRelay implements FollowUpHandler {
  private static final Logger log = LoggerFactory.getLogger(OutboxRelay.class);
  public static final String IDEMPOTENCY_KEY_HEADER = "ConcordatIdempotencyKey";

  private final OutboxRepository outbox;
  private final LedgerRepository ledgerEntries;
  private final LedgerSequencer ledger;
  private final ProducerTemplate producer;
  private final Clock clock;
  private final int batchSize;
  private final int maxAttempts;
  private final Duration firstRetryDelay;
  private final FollowUps followUps;
  private final ApplicationEventPublisher events;

  public OutboxRelay(
      OutboxRepository outbox,
      LedgerRepository ledgerEntries,
      LedgerSequencer ledger,
      ProducerTemplate producer,
      Clock clock,
      RetryPolicy retries,
      FollowUps followUps,
      ApplicationEventPublisher events) {
    this.outbox = outbox;
    this.ledgerEntries = ledgerEntries;
    this.ledger = ledger;
    this.producer = producer;
    this.clock = clock;
    this.batchSize = retries.batchSize();
    this.maxAttempts = retries.maxAttempts();
    this.firstRetryDelay = retries.firstRetryDelay();
    this.followUps = followUps;
    this.events = events;
  }

  /** How many deliveries a pass takes, how often each is tried, and the first back-off. */
  public record RetryPolicy(int batchSize, int maxAttempts, Duration firstRetryDelay) {
    public RetryPolicy {
      if (batchSize < 1 || maxAttempts < 1 || firstRetryDelay.isNegative()) {
        throw new IllegalArgumentException("batch size and attempts must be positive");
      }
    }
  }

  /** One pass: tries every due delivery once. Returns how many were delivered. */
  public int deliverDue() {
    List<PendingDelivery> due = outbox.due(clock.instant(), batchSize);
    int delivered = 0;
    for (PendingDelivery delivery : due) {
      if (attempt(delivery)) {
        delivered++;
      }
    }
    return delivered;
  }

  private boolean attempt(PendingDelivery delivery) {
    if (!outbox.claim(delivery.id())) {
      return false; // cancelled (decided again) or claimed elsewhere since it was listed
    }
    Exchange result =
        producer.request(
            "direct:deliver-" + delivery.recipientOds(),
            exchange -> {
              exchange.getIn().setBody(delivery.payload());
              exchange
                  .getIn()
                  .setHeaders(
                      Map.of(
                          Exchange.FILE_NAME,
                          delivery.fileName(),
                          Exchange.CONTENT_TYPE,
                          delivery.contentType(),
                          IDEMPOTENCY_KEY_HEADER,
                          delivery.idempotencyKey()));
            });
    Exception failure = result.getException();
    if (failure == null) {
      outbox.markDelivered(delivery.id(), clock.instant());
      log.info(
          "Delivered ledger entry {} to {} as {}",
          delivery.ledgerIndex(),
          delivery.recipientOds(),
          delivery.fileName());
      return true;
    }
    int attempts = delivery.attempts() + 1;
    String error = failure.getClass().getSimpleName() + ": " + failure.getMessage();
    if (attempts < maxAttempts) {
      Instant next = clock.instant().plus(firstRetryDelay.multipliedBy(1L << (attempts - 1)));
      outbox.markRetry(delivery.id(), attempts, next, error);
      log.warn(
          "Delivery of ledger entry {} to {} failed (attempt {} of {}), retrying at {}: {}",
          delivery.ledgerIndex(),
          delivery.recipientOds(),
          attempts,
          maxAttempts,
          next,
          error);
    } else {
      recordFinalFailure(delivery, attempts, error);
    }
    return false;
  }

  private void recordFinalFailure(PendingDelivery delivery, int attempts, String error) {
    String alert =
        ledger.record(
            batch -> {
              outbox.markFailed(delivery.id(), attempts, error);
              LedgerEntry original =
                  LedgerEntry.parse(
                      ledgerEntries
                          .entries(delivery.ledgerIndex(), delivery.ledgerIndex() + 1)
                          .get(0)
                          .bytes());
              DisclosureBody was = original.disclosureBody();
              Reason reason =
                  new Reason(
                      ReasonCode.DELIVERY_FAILED,
                      "Delivery to "
                          + was.recipient()
                          + " failed after "
                          + attempts
                          + " attempts; the disclosure recorded at ledger index "
                          + delivery.ledgerIndex()
                          + " did not happen");
              LedgerEntry entry =
                  batch.append(
                      EntryType.DELIVERY_FAILED,
                      index -> was.withReasons(List.of(reason), List.of()));
              // The alert is recorded with the entry, so a crash cannot lose it.
              return followUps.add(
                  batch, new FollowUp(ALERT, Map.of("entryIndex", Long.toString(entry.index()))));
            });
    followUps.runNow(alert);
    log.error(
        "Delivery of ledger entry {} to {} failed for good after {} attempts: {}",
        delivery.ledgerIndex(),
        delivery.recipientOds(),
        attempts,
        error);
  }

  /** The follow-up kind of a failed delivery's alert. */
  static final String ALERT = "delivery-failed-alert";

  @Override
  public String kind() {
    return ALERT;
  }

  /**
   * Publishes the alert for a committed {@code delivery-failed} entry: at least once (consumers
   * deduplicate by its ledger index, its key).
   */
  @Override
  public void complete(FollowUp.Pending followUp) {
    long index = Long.parseLong(followUp.detail("entryIndex"));
    LedgerEntry entry = LedgerEntry.parse(ledgerEntries.entries(index, index + 1).get(0).bytes());
    DisclosureBody was = entry.disclosureBody();
    events.publishEvent(
        new DisclosureRecorded(
            entry.index(),
            was.messageId(),
            entry.type().wireName(),
            was.sender().value(),
            was.recipient().value(),
            was.purpose().value(),
            "delivery-failed"));
  }
}
