package org.concordat.broker.breakglass;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
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
public record BreakGlassRevoked(
    String grantId,
    String revokedBy,
    String role,
    boolean byReview,
    long ledgerIndex,
    long grantLedgerIndex)
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
    payload.put("revokedBy", revokedBy);
    payload.put("role", role);
    payload.put("byReview", byReview);
    payload.put("ledgerIndex", ledgerIndex);
    payload.put("grantLedgerIndex", grantLedgerIndex);
    return Collections.unmodifiableMap(payload);
  }
}
