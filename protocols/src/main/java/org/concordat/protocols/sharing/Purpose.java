package org.concordat.protocols.sharing;

import java.util.List;
import java.util.Objects;

/**
 * Why data flows, with its legal basis.
 *
 * @param messageEvents the inbound message event codes (e.g. FHIR MessageHeader.eventCoding codes)
 *     that mean a message is sent for this purpose
 */
public record Purpose(
    PurposeCode code,
    String description,
    boolean healthcare,
    String legalBasis,
    List<String> messageEvents) {
  public Purpose {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(legalBasis, "legalBasis");
    messageEvents = List.copyOf(messageEvents);
  }
}
