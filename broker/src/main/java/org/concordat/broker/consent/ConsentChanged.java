package org.concordat.broker.consent;

import java.util.LinkedHashMap;
import java.util.Map;
import org.concordat.broker.events.BrokerEvent;

/**
 * Published after a consent directive version has committed. Carries no personal data: the
 * directive reference and the ledger index only. On Kafka: topic {@code consent-changes}, keyed by
 * the directive reference.
 *
 * @param change {@code created}, {@code updated} or {@code withdrawn}
 */
public record ConsentChanged(String directive, String change, long ledgerIndex)
    implements BrokerEvent {
  @Override
  public String topic() {
    return "consent-changes";
  }

  @Override
  public String key() {
    return directive;
  }

  @Override
  public Map<String, Object> payload() {
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("directive", directive);
    payload.put("change", change);
    payload.put("ledgerIndex", ledgerIndex);
    return payload;
  }
}
