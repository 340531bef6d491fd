package org.concordat.adapters.fhir;

import java.util.List;
import java.util.Objects;
import org.concordat.protocols.sharing.OdsCode;
import org.concordat.protocols.subject.NhsNumber;
import org.hl7.fhir.r4.model.Bundle;
import org.jspecify.annotations.Nullable;

/**
 * An inbound FHIR message that {@link NoticeParser} has checked: who sent it, to whom, about whom
 * and for which event, with the parsed bundle for minimisation and translation. {@link #toString()}
 * shows no personal data.
 *
 * @param messageId {@code MessageHeader.id}, else {@code Bundle.identifier.value}
 * @param eventSystem {@code MessageHeader.eventCoding.system}, e.g. {@code http://snomed.info/sct}
 * @param eventCode {@code MessageHeader.eventCoding.code}, e.g. {@code 975731000000100}
 * @param encounter null when the bundle has no Encounter (a withdrawal notice may have none)
 * @param bundle the parsed message (converted to R4 if it came as DSTU2); mutable, so copy it
 *     before changing it
 * @param warnings what the sender should know but that does not stop the notice, such as ADW timing
 *     rules it does not meet
 */
public record ParsedNotice(
    String messageId,
    String eventSystem,
    String eventCode,
    @Nullable String eventDisplay,
    OdsCode sender,
    List<OdsCode> receivers,
    NhsNumber nhsNumber,
    PersonDetails person,
    @Nullable EncounterDetails encounter,
    Bundle bundle,
    List<NoticeWarning> warnings) {

  public ParsedNotice {
    Objects.requireNonNull(messageId, "message id");
    Objects.requireNonNull(eventSystem, "event system");
    Objects.requireNonNull(eventCode, "event code");
    Objects.requireNonNull(sender, "sender");
    receivers = List.copyOf(receivers);
    if (receivers.isEmpty()) {
      throw new IllegalArgumentException("A notice has at least one receiver");
    }
    Objects.requireNonNull(nhsNumber, "NHS number");
    Objects.requireNonNull(person, "person");
    Objects.requireNonNull(bundle, "bundle");
    warnings = List.copyOf(warnings);
  }

  /** A notice without warnings. */
  public ParsedNotice(
      String messageId,
      String eventSystem,
      String eventCode,
      @Nullable String eventDisplay,
      OdsCode sender,
      List<OdsCode> receivers,
      NhsNumber nhsNumber,
      PersonDetails person,
      @Nullable EncounterDetails encounter,
      Bundle bundle) {
    this(
        messageId,
        eventSystem,
        eventCode,
        eventDisplay,
        sender,
        receivers,
        nhsNumber,
        person,
        encounter,
        bundle,
        List.of());
  }

  @Override
  public String toString() {
    return "ParsedNotice[messageId="
        + messageId
        + ", event="
        + eventSystem
        + "|"
        + eventCode
        + ", sender="
        + sender
        + ", receivers="
        + receivers
        + ", nhsNumber="
        + nhsNumber
        + ", person="
        + person
        + ", encounter="
        + encounter
        + ", warnings="
        + warnings.stream().map(NoticeWarning::code).toList()
        + "]";
  }
}
