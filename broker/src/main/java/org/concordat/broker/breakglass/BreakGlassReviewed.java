package org.concordat.broker.breakglass;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.concordat.broker.events.BrokerEvent;

/**
 * Published after the review of a break-glass grant has committed. Carries the finding, not the
 * reviewer's written comment. On Kafka: topic {@code break-glass-alerts}, keyed by the grant id
 * like the grant's alert.
 *
 * @param outcome {@code appropriate} or {@code inappropriate}
 * @param reviewer the username of the IG lead who reviewed it
 * @param ledgerIndex the index of the {@code break-glass-review} ledger entry
 * @param grantLedgerIndex the index of the grant's {@code break-glass-grant} ledger entry
 */
@JsonPropertyOrder({
  "type",
  "grantId",
  "reference",
  "outcome",
  "reviewer",
  "ledgerIndex",
  "grantLedgerIndex"
})
public record BreakGlassReviewed(
    @JsonProperty("grantId") String grantId,
    @JsonProperty("outcome") String outcome,
    @JsonProperty("reviewer") String reviewer,
    @JsonProperty("ledgerIndex") long ledgerIndex,
    @JsonProperty("grantLedgerIndex") long grantLedgerIndex)
    implements BrokerEvent {

  /** The grant as a FHIR-style reference, {@code BreakGlass/<grant id>}. */
  @JsonProperty("reference")
  public String reference() {
    return BreakGlass.REFERENCE_PREFIX + grantId;
  }

  @Override
  public String topic() {
    return BreakGlass.ALERT_TOPIC;
  }

  @Override
  public String key() {
    return grantId;
  }
}
