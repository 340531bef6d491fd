package org.concordat.broker.consent;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import java.util.List;
import org.concordat.broker.events.BrokerEvent;

/**
 * Published for each recipient that already received data under a consent directive that has since
 * been withdrawn or narrowed, so its systems can stop using the data for what the person no longer
 * agrees to. Carries the directive reference and the ledger indexes of the disclosures, not
 * personal data; a file-drop recipient also gets a FHIR message naming the person. On Kafka: the
 * recipient's own topic {@code partner.<ODS>}, keyed by the directive reference.
 */
@JsonPropertyOrder({"type", "recipient", "directive", "change", "disclosures"})
public record ConsentWithdrawalNotice(
    @JsonProperty("recipient") String recipient,
    @JsonProperty("directive") String directive,
    @JsonProperty("change") String change,
    @JsonProperty("disclosures") List<Long> disclosures)
    implements BrokerEvent {
  public ConsentWithdrawalNotice {
    disclosures = List.copyOf(disclosures);
  }

  @Override
  public String topic() {
    return "partner." + recipient;
  }

  @Override
  public String key() {
    return directive;
  }
}
