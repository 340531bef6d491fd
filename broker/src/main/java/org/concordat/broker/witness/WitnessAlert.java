package org.concordat.broker.witness;

import java.util.LinkedHashMap;
import java.util.Map;
import org.concordat.broker.events.BrokerEvent;
import org.jspecify.annotations.Nullable;

/**
 * Published when a partner's witness reports that it refused a checkpoint the broker offered: a
 * fork, a rollback or a checkpoint that does not verify. On Kafka: topic {@code ledger-alerts},
 * keyed by the witness's ODS code, for every partner's monitor to see.
 */
public record WitnessAlert(
    String id, String witness, String reason, String detail, @Nullable Long acceptedSize)
    implements BrokerEvent {
  @Override
  public String topic() {
    return "ledger-alerts";
  }

  @Override
  public String key() {
    return witness;
  }

  @Override
  public Map<String, Object> payload() {
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("id", id);
    payload.put("witness", witness);
    payload.put("reason", reason);
    payload.put("detail", detail);
    if (acceptedSize != null) {
      payload.put("acceptedSize", acceptedSize);
    }
    return payload;
  }
}
