package org.concordat.broker.breakglass;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
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
 * @param ledgerIndex the index of the grant's {@code break-glass-grant} ledger entry
 */
public record BreakGlassAlert(
    String grantId,
    String organisation,
    String recipient,
    String purpose,
    String actor,
    String role,
    Instant expires,
    long ledgerIndex)
    implements BrokerEvent {

  @Override
  public String topic() {
    return BreakGlass.ALERT_TOPIC;
  }

  @Override
  public String key() {
    return grantId;
  }

  @Override
  public Map<String, Object> payload() {
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("grantId", grantId);
    payload.put("reference", BreakGlass.REFERENCE_PREFIX + grantId);
    payload.put("organisation", organisation);
    payload.put("recipient", recipient);
    payload.put("purpose", purpose);
    payload.put("actor", actor);
    payload.put("role", role);
    payload.put("expires", expires.toString());
    payload.put("ledgerIndex", ledgerIndex);
    return Collections.unmodifiableMap(payload);
  }
}
