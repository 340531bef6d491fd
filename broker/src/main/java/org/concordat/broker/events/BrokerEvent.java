package org.concordat.broker.events;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * An event the broker publishes for partner monitors and witnesses: always in-process (a Spring
 * application event), and also to Kafka when {@code concordat.kafka.bootstrap-servers} is set, as
 * the event's JSON (Jackson's, {@code type} first, then the fields under their
 * {@code @JsonProperty} wire names) on topic {@code <prefix><topic()>} with key {@link #key()}
 * (docs/operations.md, "Events and Kafka"). Implementations are records that carry no personal
 * data: no NHS number, name or subject key, nothing from a record's content. Each names its wire
 * fields explicitly and orders them with {@code @JsonPropertyOrder}, so renaming a component in
 * code does not rename it on the wire; EventWireFormatTest pins each event's JSON.
 */
// Every field is written, null or empty, whatever the application's mapper defaults to; a field
// that is left out when absent says so itself.
@JsonInclude(JsonInclude.Include.ALWAYS)
public interface BrokerEvent {

  /**
   * The logical topic, without the deployment's prefix: {@code disclosures}, {@code checkpoints},
   * {@code break-glass-alerts}, {@code consent-withdrawals}, or a per-partner one such as {@code
   * partner.XLA001}.
   */
  String topic();

  /**
   * The record key: what a consumer deduplicates or compacts by, and what keeps related events in
   * order on one partition (a ledger index, a log's origin, a partner's ODS code).
   */
  String key();

  /**
   * The event's kind as messages name it (the {@code type} field): by default the simple class name
   * in kebab case ({@code DisclosureRecorded} gives {@code disclosure-recorded}). Consumers switch
   * on it, so an event renamed in code should override this to keep its wire name.
   */
  @JsonProperty("type")
  default String eventType() {
    String name = getClass().getSimpleName();
    StringBuilder kebab = new StringBuilder(name.length() + 4);
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.isUpperCase(c)) {
        if (i > 0) {
          kebab.append('-');
        }
        kebab.append(Character.toLowerCase(c));
      } else {
        kebab.append(c);
      }
    }
    return kebab.toString();
  }
}
