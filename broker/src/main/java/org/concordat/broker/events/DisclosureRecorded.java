package org.concordat.broker.events;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * Published (in-process, or on Kafka when configured) after a ledger entry about a disclosure or
 * denial has committed. Carries no personal data. On Kafka: topic {@code disclosures}, keyed by the
 * ledger index, which is unique, so a consumer that sees an entry twice can tell.
 */
@JsonPropertyOrder({
  "type",
  "ledgerIndex",
  "entryType",
  "messageId",
  "sender",
  "recipient",
  "purpose",
  "outcome"
})
public record DisclosureRecorded(
    @JsonProperty("ledgerIndex") long ledgerIndex,
    @JsonProperty("messageId") String messageId,
    @JsonProperty("entryType") String entryType,
    @JsonProperty("sender") String sender,
    @JsonProperty("recipient") String recipient,
    @JsonProperty("purpose") String purpose,
    @JsonProperty("outcome") String outcome)
    implements BrokerEvent {

  @Override
  public String topic() {
    return "disclosures";
  }

  @Override
  public String key() {
    return Long.toString(ledgerIndex);
  }
}
