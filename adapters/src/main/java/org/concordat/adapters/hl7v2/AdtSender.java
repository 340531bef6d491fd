package org.concordat.adapters.hl7v2;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.concordat.protocols.sharing.OdsCode;

/**
 * A hospital system that sends HL7 v2 ADT: how it names itself in MSH-4 (sending facility), the
 * partner that is, and who receives the notices made from its messages. A trust with several sites
 * or systems has one entry per sending facility.
 *
 * @param sendingFacility MSH-4.1 (namespace id) exactly as the system sends it; matched ignoring
 *     case and surrounding spaces
 * @param partner the partner's ODS code, the sender of the notices
 * @param recipients the partners the notices are addressed to (the protocol still decides)
 */
public record AdtSender(String sendingFacility, OdsCode partner, List<OdsCode> recipients) {

  public AdtSender {
    Objects.requireNonNull(sendingFacility, "sending facility");
    if (sendingFacility.isBlank()) {
      throw new IllegalArgumentException("A sending facility (MSH-4) is required");
    }
    sendingFacility = sendingFacility.strip();
    Objects.requireNonNull(partner, "partner");
    recipients = List.copyOf(recipients);
    if (recipients.isEmpty()) {
      throw new IllegalArgumentException(
          "The HL7 v2 sender " + sendingFacility + " needs at least one recipient");
    }
  }

  boolean sends(String facility) {
    return sendingFacility
        .toUpperCase(Locale.ROOT)
        .equals(facility.strip().toUpperCase(Locale.ROOT));
  }
}
