package org.concordat.broker.events;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Published (in-process, or on Kafka when configured) after a ledger entry about a disclosure or
 * denial has committed. Carries no personal data. On Kafka: topic {@code disclosures}, keyed by the
 * ledger index, which is unique, so a consumer that sees an entry twice can tell.
 */
public record DisclosureRecorded(
    long ledgerIndex,
    String messageId,
    String entryType,
    String sender,
    String recipient,
    String purpose,
    String outcome)
    implements BrokerEvent {

  @Override
  public String topic() {
    return "disclosures";
  }

  @Override
  public String key() {
    return Long.toString(ledgerIndex);
  }

  @Override
  public Map<String, Object> payload() {
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("ledgerIndex", ledgerIndex);
    payload.put("entryType", entryType);
    payload.put("messageId", messageId);
    payload.put("sender", sender);
    payload.put("recipient", recipient);
    payload.put("purpose", purpose);
    payload.put("outcome", outcome);
    return Collections.unmodifiableMap(payload);
  }
}
