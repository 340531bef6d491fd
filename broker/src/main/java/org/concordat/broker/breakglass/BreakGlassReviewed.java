package org.concordat.broker.breakglass;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
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
public record BreakGlassReviewed(
    String grantId, String outcome, String reviewer, long ledgerIndex, long grantLedgerIndex)
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
    payload.put("outcome", outcome);
    payload.put("reviewer", reviewer);
    payload.put("ledgerIndex", ledgerIndex);
    payload.put("grantLedgerIndex", grantLedgerIndex);
    return Collections.unmodifiableMap(payload);
  }
}
