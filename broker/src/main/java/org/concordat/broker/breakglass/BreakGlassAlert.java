package org.concordat.broker.breakglass;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.databind.annotation.JsonSerialize;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import java.time.Instant;
import org.concordat.broker.events.BrokerEvent;

/**
 * Published after a break-glass grant has committed, so the partnership's IG lead and monitors hear
 * of every emergency override at once. Carries who broke glass, for which flow and until when;
 * never the NHS number, the subject key or the written reason (which may describe the person's
 * situation). On Kafka: topic {@code break-glass-alerts}, keyed by the grant id, so a grant's alert
 * and its review stay in order.
 *
 * @param organisation the ODS code of the organisation whose disclosures the grant lets through
 * @param actor the username of the person who broke glass
 * @param role the role they acted in, e.g. {@code clinician}
 * @param expires written as {@link Instant#toString()} whatever the mapper's date settings
 * @param ledgerIndex the index of the grant's {@code break-glass-grant} ledger entry
 */
@JsonPropertyOrder({
  "type",
  "grantId",
  "reference",
  "organisation",
  "recipient",
  "purpose",
  "actor",
  "role",
  "expires",
  "ledgerIndex"
})
public record BreakGlassAlert(
    @JsonProperty("grantId") String grantId,
    @JsonProperty("organisation") String organisation,
    @JsonProperty("recipient") String recipient,
    @JsonProperty("purpose") String purpose,
    @JsonProperty("actor") String actor,
    @JsonProperty("role") String role,
    @JsonProperty("expires") @JsonSerialize(using = ToStringSerializer.class) Instant expires,
    @JsonProperty("ledgerIndex") long ledgerIndex)
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
