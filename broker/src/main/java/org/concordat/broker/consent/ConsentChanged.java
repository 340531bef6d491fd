package org.concordat.broker.consent;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.concordat.broker.events.BrokerEvent;

/**
 * Published after a consent directive version has committed. Carries no personal data: the
 * directive reference and the ledger index only. On Kafka: topic {@code consent-changes}, keyed by
 * the directive reference.
 *
 * @param change {@code created}, {@code updated} or {@code withdrawn}
 */
@JsonPropertyOrder({"type", "directive", "change", "ledgerIndex"})
public record ConsentChanged(
    @JsonProperty("directive") String directive,
    @JsonProperty("change") String change,
    @JsonProperty("ledgerIndex") long ledgerIndex)
    implements BrokerEvent {
  @Override
  public String topic() {
    return "consent-changes";
  }

  @Override
  public String key() {
    return directive;
  }
}
