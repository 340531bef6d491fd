package org.concordat.adapters.hl7v2;

import java.util.List;
import java.util.Objects;
import org.concordat.protocols.sharing.OdsCode;

/**
 * An HL7 v2 ADT message turned into an ADW notice: the FHIR R4 message Bundle (JSON) and what the
 * transport needs to answer and trace it. {@link #toString()} shows no personal data.
 *
 * @param controlId MSH-10, the sender's message control id
 * @param triggerEvent MSH-9.2, e.g. {@code A03}
 * @param sendingFacility MSH-4.1
 * @param sender the partner the sending facility belongs to
 * @param fhirJson the notice: a FHIR R4 message Bundle, UTF-8 JSON
 */
public record AdtNotice(
    String controlId,
    String triggerEvent,
    String sendingFacility,
    OdsCode sender,
    List<OdsCode> recipients,
    String eventCode,
    byte[] fhirJson) {

  public static final String CONTENT_TYPE = "application/fhir+json";

  public AdtNotice {
    Objects.requireNonNull(controlId, "control id");
    Objects.requireNonNull(triggerEvent, "trigger event");
    Objects.requireNonNull(sendingFacility, "sending facility");
    Objects.requireNonNull(sender, "sender");
    recipients = List.copyOf(recipients);
    Objects.requireNonNull(eventCode, "event code");
    Objects.requireNonNull(fhirJson, "FHIR JSON");
  }

  @Override
  public String toString() {
    return "AdtNotice[controlId="
        + controlId
        + ", event="
        + triggerEvent
        + ", sendingFacility="
        + sendingFacility
        + ", sender="
        + sender
        + ", recipients="
        + recipients
        + ", notice="
        + eventCode
        + ", bytes="
        + fhirJson.length
        + "]";
  }
}
