package org.concordat.broker.witness;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import org.concordat.broker.events.BrokerEvent;
import org.jspecify.annotations.Nullable;

/**
 * Published when a partner's witness reports that it refused a checkpoint the broker offered: a
 * fork, a rollback or a checkpoint that does not verify. On Kafka: topic {@code ledger-alerts},
 * keyed by the witness's ODS code, for every partner's monitor to see.
 *
 * @param acceptedSize the size the witness last accepted, if it said; left out of the JSON when not
 */
@JsonPropertyOrder({"type", "id", "witness", "reason", "detail", "acceptedSize"})
public record WitnessAlert(
    @JsonProperty("id") String id,
    @JsonProperty("witness") String witness,
    @JsonProperty("reason") String reason,
    @JsonProperty("detail") String detail,
    @JsonProperty("acceptedSize") @JsonInclude(JsonInclude.Include.NON_NULL)
        @Nullable Long acceptedSize)
    implements BrokerEvent {
  @Override
  public String topic() {
    return "ledger-alerts";
  }

  @Override
  public String key() {
    return witness;
  }
}
