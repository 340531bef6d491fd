package org.concordat.broker.consent;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.concordat.broker.events.BrokerEvent;

/**
 * Published for each recipient that already received data under a consent directive that has since
 * been withdrawn or narrowed, so its systems can stop using the data for what the person no longer
 * agrees to. Carries the directive reference and the ledger indexes of the disclosures, not
 * personal data; a file-drop recipient also gets a FHIR message naming the person. On Kafka: the
 * recipient's own topic {@code partner.<ODS>}, keyed by the directive reference.
 */
public record ConsentWithdrawalNotice(
    String recipient, String directive, String change, List<Long> disclosures)
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

  @Override
  public Map<String, Object> payload() {
    Map<String, Object> payload = new LinkedHashMap<>();
    payload.put("recipient", recipient);
    payload.put("directive", directive);
    payload.put("change", change);
    payload.put("disclosures", disclosures);
    return payload;
  }
}
