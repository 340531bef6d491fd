package org.concordat.broker.breakglass;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.concordat.broker.events.BrokerEvent;

/**
 * Published after the revocation of a break-glass grant has committed: it lets nothing through from
 * then on. Carries who revoked it, not their written reason. On Kafka: topic {@code
 * break-glass-alerts}, keyed by the grant id like the grant's alert and review.
 *
 * @param revokedBy the username of who revoked it (an IG lead, an administrator, the grantee, or
 *     the reviewer whose finding was {@code inappropriate})
 * @param role the role they acted in, e.g. {@code ig}, {@code admin} or {@code clinician}
 * @param byReview whether an {@code inappropriate} review revoked it
 * @param ledgerIndex the index of the {@code break-glass-revocation} ledger entry
 * @param grantLedgerIndex the index of the grant's {@code break-glass-grant} ledger entry
 */
@JsonPropertyOrder({
  "type",
  "grantId",
  "reference",
  "revokedBy",
  "role",
  "byReview",
  "ledgerIndex",
  "grantLedgerIndex"
})
public record BreakGlassRevoked(
    @JsonProperty("grantId") String grantId,
    @JsonProperty("revokedBy") String revokedBy,
    @JsonProperty("role") String role,
    @JsonProperty("byReview") boolean byReview,
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
