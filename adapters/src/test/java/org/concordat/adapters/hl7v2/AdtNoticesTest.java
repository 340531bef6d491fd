package org.concordat.adapters.hl7v2;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.time.LocalDate;
import java.util.List;
import org.concordat.adapters.fhir.EncounterDetails;
import org.concordat.adapters.fhir.NoticeWarning;
import org.concordat.adapters.fhir.ParsedNotice;
import org.concordat.adapters.fhir.PersonDetails;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.api.Test;

/**
 * HL7 v2.4 ADT to ADW notices. The expected values are read off the samples' text (the field each
 * comes from is named beside it), not from the converter's output.
 */
class AdtNoticesTest {
  private final AdtNotices notices = Hl7v2Samples.notices();

  @Test
  void turnsTheItkAdmissionIntoAnAdmissionNotification() {
    AdtNotice notice = notices.convert(Hl7v2Samples.bytes(Hl7v2Samples.ITK_A01));

    assertThat(notice.controlId()).isEqualTo("1391320453338055"); // MSH-10
    assertThat(notice.triggerEvent()).isEqualTo("A01"); // MSH-9.2
    assertThat(notice.sendingFacility()).isEqualTo("RCB"); // MSH-4
    assertThat(notice.eventCode()).isEqualTo(AdtNotices.ADMISSION_NOTIFICATION);
    ParsedNotice parsed = Hl7v2Samples.parsed(notice);
    assertThat(parsed.eventCode()).isEqualTo("895571000000108");
    assertThat(parsed.sender()).isEqualTo(Hl7v2Samples.RXA);
    assertThat(parsed.receivers()).containsExactly(Hl7v2Samples.XLA001);
    assertThat(parsed.nhsNumber().value()).isEqualTo("3333333333"); // PID-3 ^^^NHS
    assertThat(parsed.person())
        .isEqualTo(
            new PersonDetails(
                "SMITH", // PID-5.1
                "FREDRICA J", // PID-5.2, PID-5.3
                LocalDate.of(1965, 12, 13), // PID-7 196512131515
                "female", // PID-8 2 (NHS Data Dictionary person gender)
                "YO32 5TT", // PID-11.5
                "+441234567890")); // PID-13
    // PV1-2 I; PV1-44 201010201716, British Summer Time.
    assertThat(parsed.encounter())
        .isEqualTo(new EncounterDetails("IMP", "in-progress", "2010-10-20T17:16:00+01:00", null));
    // MSH-7 201010101418.
    assertThat(parsed.bundle().getTimestampElement().getValueAsString())
        .isEqualTo("2010-10-10T14:18:00+01:00");
    assertThat(parsed.warnings()).isEmpty();
  }

  @Test
  void keepsTheRestOfThePatientAndTheStay() {
    Bundle bundle =
        Hl7v2Samples.parsed(notices.convert(Hl7v2Samples.bytes(Hl7v2Samples.ITK_A01))).bundle();

    Patient patient = one(bundle, Patient.class);
    HumanName name = patient.getNameFirstRep();
    assertThat(name.getUse()).isEqualTo(HumanName.NameUse.OFFICIAL); // PID-5.7 L
    assertThat(name.getPrefixAsSingleString()).isEqualTo("MRS"); // PID-5.5
    Address address = patient.getAddressFirstRep(); // PID-11
    assertThat(address.getLine())
        .extracting(l -> l.getValue())
        .containsExactly("29 WEST AVENUE", "BURYTHORPE");
    assertThat(address.getCity()).isEqualTo("MALTON");
    assertThat(address.getDistrict()).isEqualTo("NORTH YORKSHIRE");
    assertThat(address.getCountry()).isEqualTo("GBR");
    assertThat(address.getUse()).isEqualTo(Address.AddressUse.HOME); // PID-11.7 H
    // PD1-3 MALTON GP PRACTICE^^Y06601
    assertThat(patient.getGeneralPractitionerFirstRep().getIdentifier().getValue())
        .isEqualTo("Y06601");
    assertThat(patient.getGeneralPractitionerFirstRep().getDisplay())
        .isEqualTo("MALTON GP PRACTICE");
    Encounter encounter = one(bundle, Encounter.class);
    assertThat(encounter.getIdentifierFirstRep().getValue()).isEqualTo("2139"); // PV1-19
    Location location = one(bundle, Location.class); // PV1-3 RCB^OBS1^BAY2-6^RCB55
    assertThat(location.getName()).isEqualTo("RCB / OBS1 / BAY2-6");
    assertThat(location.getIdentifierFirstRep().getSystem())
        .isEqualTo("https://fhir.nhs.uk/Id/ods-site-code");
    assertThat(location.getIdentifierFirstRep().getValue()).isEqualTo("RCB55");
    MessageHeader header = one(bundle, MessageHeader.class);
    assertThat(header.getSource().getName()).isEqualTo("PAS"); // MSH-3
    assertThat(header.getReason().getCodingFirstRep().getCode()).isEqualTo("A01");
    assertThat(bundle.getIdentifier().getValue()).isEqualTo("1391320453338055"); // MSH-10
  }

  @Test
  void turnsTheItkDischargeIntoADischargeNotice() {
    AdtNotice notice = notices.convert(Hl7v2Samples.bytes(Hl7v2Samples.ITK_A03));
    ParsedNotice parsed = Hl7v2Samples.parsed(notice);

    assertThat(notice.controlId()).isEqualTo("13403893338056"); // MSH-10
    assertThat(parsed.eventCode()).isEqualTo("975731000000100");
    assertThat(parsed.nhsNumber().value()).isEqualTo("3333333333");
    // PV1-44 201010201716, PV1-45 201010211706.
    assertThat(parsed.encounter())
        .isEqualTo(
            new EncounterDetails(
                "IMP", "finished", "2010-10-20T17:16:00+01:00", "2010-10-21T17:06:00+01:00"));
    Encounter encounter = one(parsed.bundle(), Encounter.class);
    assertThat(encounter.getIdentifierFirstRep().getValue()).isEqualTo("YOR123456"); // PV1-19
    // PV1-37 19: usual place of residence.
    assertThat(
            encounter.getHospitalization().getDischargeDisposition().getCodingFirstRep().getCode())
        .isEqualTo("19");
    // An A03 reports a discharge already made (MSH-7 is the discharge day), so the notice comes
    // too late for regulation 5: a warning, not a refusal.
    assertThat(parsed.warnings())
        .extracting(NoticeWarning::code)
        .containsExactly("discharge-notice-too-late");
  }

  @Test
  void turnsTheItkUpdateIntoAnUpdatedAdmissionNotification() {
    AdtNotice notice = notices.convert(Hl7v2Samples.bytes(Hl7v2Samples.ITK_A08));
    ParsedNotice parsed = Hl7v2Samples.parsed(notice);

    assertThat(notice.triggerEvent()).isEqualTo("A08");
    // No PV1-45: the visit is not discharged, so the relevant notice is the admission one.
    assertThat(parsed.eventCode()).isEqualTo("895571000000108");
    assertThat(parsed.person().birthDate()).isEqualTo(LocalDate.of(1965, 12, 27)); // PID-7
    // PV1-44 201011071640: Greenwich Mean Time in November.
    assertThat(parsed.encounter())
        .isEqualTo(new EncounterDetails("IMP", "in-progress", "2010-11-07T16:40:00+00:00", null));
    MessageHeader header = one(parsed.bundle(), MessageHeader.class);
    assertThat(header.getReason().getCodingFirstRep().getSystem())
        .isEqualTo("http://terminology.hl7.org/CodeSystem/v2-0003");
    assertThat(header.getReason().getCodingFirstRep().getCode()).isEqualTo("A08");
    // PV1-3 East Wing^RCB-ENT^BED15^RCB55
    assertThat(one(parsed.bundle(), Location.class).getName())
        .isEqualTo("East Wing / RCB-ENT / BED15");
  }

  @Test
  void turnsAnUpdateAfterDischargeIntoAnUpdatedDischargeNotice() {
    // The ITK A08 with a discharge date (PV1-45) added after the admission date (PV1-44).
    String discharged =
        Hl7v2Samples.text(Hl7v2Samples.ITK_A08)
            .replace("|201011071640\n", "|201011071640|201011091100\n");

    ParsedNotice parsed = Hl7v2Samples.parsed(notices.convert(discharged.getBytes(UTF_8)));

    assertThat(parsed.eventCode()).isEqualTo("975731000000100");
    assertThat(parsed.encounter().status()).isEqualTo("finished");
    assertThat(parsed.encounter().end()).isEqualTo("2010-11-09T11:00:00+00:00");
  }

  @Test
  void readsNorthmoorsOwnDischarge() {
    ParsedNotice parsed =
        Hl7v2Samples.parsed(notices.convert(Hl7v2Samples.bytes(Hl7v2Samples.NORTHMOOR_A03)));

    assertThat(parsed.nhsNumber().value()).isEqualTo("9990000123");
    assertThat(parsed.person())
        .isEqualTo(
            new PersonDetails(
                "CAVENDISH",
                "EDITH MARGARET",
                LocalDate.of(1937, 4, 8),
                "female",
                "NM5 3HQ",
                "01632 960771"));
    assertThat(parsed.encounter())
        .isEqualTo(
            new EncounterDetails(
                "IMP", "finished", "2025-06-03T14:10:00+01:00", "2025-06-12T10:15:00+01:00"));
  }

  @Test
  void readsSegmentsEndedByCrCrLfOrLf() {
    String lf = Hl7v2Samples.text(Hl7v2Samples.ITK_A03);
    byte[] expected = notices.convert(lf.getBytes(UTF_8)).fhirJson();

    for (String separator : List.of("\r", "\r\n")) {
      byte[] converted = notices.convert(lf.replace("\n", separator).getBytes(UTF_8)).fhirJson();
      assertThat(new String(converted, UTF_8)).isEqualTo(new String(expected, UTF_8));
    }
    // A file that kept its MLLP framing bytes reads the same.
    String framed = "\u000b" + lf.replace("\n", "\r") + "\u001c\r";
    assertThat(new String(notices.convert(framed.getBytes(UTF_8)).fhirJson(), UTF_8))
        .isEqualTo(new String(expected, UTF_8));
  }

  @Test
  void ignoresNhsZSegments() {
    String withoutZ =
        String.join(
            "\n",
            Hl7v2Samples.text(Hl7v2Samples.ITK_A03)
                .lines()
                .filter(l -> !l.startsWith("ZU"))
                .toList());

    assertThat(new String(notices.convert(withoutZ.getBytes(UTF_8)).fhirJson(), UTF_8))
        .isEqualTo(
            new String(
                notices.convert(Hl7v2Samples.bytes(Hl7v2Samples.ITK_A03)).fhirJson(), UTF_8));
  }

  @Test
  void givesTheSameNoticeForTheSameMessage() {
    byte[] a03 = Hl7v2Samples.bytes(Hl7v2Samples.ITK_A03);

    assertThat(notices.convert(a03).fhirJson()).isEqualTo(notices.convert(a03).fhirJson());
  }

  @Test
  void refusesEventsOtherThanAdmitDischargeAndUpdate() {
    String transfer =
        Hl7v2Samples.text(Hl7v2Samples.ITK_A03).replace("ADT^A03^ADT_A03", "ADT^A02^ADT_A02");

    AdtRejectedException problem = refusal(transfer);

    assertThat(problem.problem()).isEqualTo(AdtProblem.UNSUPPORTED_EVENT);
    assertThat(problem.segment()).isEqualTo("MSH");
    assertThat(problem.field()).isEqualTo(9);
  }

  @Test
  void refusesMessagesThatAreNotAdt() {
    String order = Hl7v2Samples.text(Hl7v2Samples.ITK_A03).replace("ADT^A03^ADT_A03", "ORM^O01");

    assertThat(refusal(order).problem()).isEqualTo(AdtProblem.UNSUPPORTED_MESSAGE_TYPE);
  }

  @Test
  void refusesAMessageWithoutAnNhsNumber() {
    String local =
        Hl7v2Samples.text(Hl7v2Samples.ITK_A03).replace("3333333333^^^NHS", "A1234521^^^RCB^PI");

    AdtRejectedException problem = refusal(local);

    assertThat(problem.problem()).isEqualTo(AdtProblem.MISSING_NHS_NUMBER);
    assertThat(problem.segment()).isEqualTo("PID");
    assertThat(problem.field()).isEqualTo(3);
  }

  @Test
  void refusesAnNhsNumberThatFailsItsCheckDigitWithoutQuotingIt() {
    String wrong =
        Hl7v2Samples.text(Hl7v2Samples.ITK_A03).replace("3333333333^^^NHS", "3333333334^^^NHS");

    AdtRejectedException problem = refusal(wrong);

    assertThat(problem.problem()).isEqualTo(AdtProblem.INVALID_NHS_NUMBER);
    assertThat(problem).hasMessageContaining("modulus 11").hasMessageNotContaining("333333");
  }

  @Test
  void acceptsAnNhsNumberMarkedByIdentifierTypeAlone() {
    String typed =
        Hl7v2Samples.text(Hl7v2Samples.ITK_A03).replace("3333333333^^^NHS", "3333333333^^^^NH");

    assertThat(Hl7v2Samples.parsed(notices.convert(typed.getBytes(UTF_8))).nhsNumber().value())
        .isEqualTo("3333333333");
  }

  @Test
  void refusesAnUnknownSendingFacility() {
    String other = Hl7v2Samples.text(Hl7v2Samples.ITK_A03).replace("|PAS|RCB|", "|PAS|ZZZ99|");

    AdtRejectedException problem = refusal(other);

    assertThat(problem.problem()).isEqualTo(AdtProblem.UNKNOWN_SENDING_FACILITY);
    assertThat(problem.problem().acknowledgement().name()).isEqualTo("AR");
  }

  @Test
  void refusesAnInvalidDateWithoutQuotingIt() {
    String badDate =
        Hl7v2Samples.text(Hl7v2Samples.ITK_A03).replace("|196512131515|", "|19651399|");

    AdtRejectedException problem = refusal(badDate);

    assertThat(problem.problem()).isEqualTo(AdtProblem.INVALID_VALUE);
    assertThat(problem).hasMessageStartingWith("PID-7").hasMessageNotContaining("1965");
  }

  @Test
  void refusesTextThatIsNotHl7() {
    assertThat(refusal("{\"resourceType\": \"Bundle\"}").problem()).isEqualTo(AdtProblem.MALFORMED);
    assertThat(refusal("").problem()).isEqualTo(AdtProblem.MALFORMED);
  }

  @Test
  void refusesAMessageOverTheSizeLimitUnread() {
    AdtNotices small = new AdtNotices(Hl7v2Samples.SENDERS, Hl7v2Samples.fhir(), 100);

    var problem =
        catchThrowableOfType(
            AdtRejectedException.class,
            () -> small.convert(Hl7v2Samples.bytes(Hl7v2Samples.ITK_A03)));

    assertThat(problem.problem()).isEqualTo(AdtProblem.TOO_LARGE);
  }

  @Test
  void showsNoPersonalDataInToString() {
    String shown = notices.convert(Hl7v2Samples.bytes(Hl7v2Samples.NORTHMOOR_A03)).toString();

    assertThat(shown).contains("A03", "RXA01").doesNotContain("9990000123", "CAVENDISH", "1937");
  }

  private AdtRejectedException refusal(String text) {
    return catchThrowableOfType(
        AdtRejectedException.class, () -> notices.convert(text.getBytes(UTF_8)));
  }

  private static <T extends Resource> T one(Bundle bundle, Class<T> type) {
    List<T> found =
        bundle.getEntry().stream()
            .map(Bundle.BundleEntryComponent::getResource)
            .filter(type::isInstance)
            .map(type::cast)
            .toList();
    assertThat(found).hasSize(1);
    return found.get(0);
  }
}
