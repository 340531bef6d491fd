package org.concordat.broker.delivery;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Set;
import org.concordat.adapters.fhir.FhirMessages;
import org.concordat.adapters.fhir.MessageFormat;
import org.concordat.adapters.fhir.NoticeParser;
import org.concordat.adapters.fhir.ParsedNotice;
import org.concordat.adapters.mapping.Mapping;
import org.concordat.adapters.mapping.MappingEngine;
import org.concordat.adapters.mapping.MappingLimits;
import org.concordat.adapters.mapping.Mappings;
import org.concordat.broker.disclosure.Minimisers;
import org.concordat.protocols.sharing.CategoryCode;
import org.concordat.protocols.sharing.Protocol;
import org.concordat.protocols.sharing.ProtocolReader;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;

/**
 * Minimise, then translate: a delivery format written with a mapping sees only what the decision
 * permits, so even a mapping that reads a withheld category (here a diagnosis and the phone)
 * delivers none of its values; the social care referral CSV is mapping 1, named {@code
 * referral-<ledger index>.csv}.
 */
class MappedDeliveryFormatTest {
  private static final FhirMessages FHIR = new FhirMessages();
  private static final MappingEngine ENGINE = new MappingEngine(FHIR, MappingLimits.DEFAULT);
  private static final Protocol PROTOCOL =
      ProtocolReader.read(Path.of("../config/partnerships/example/protocol.yaml"));
  private static final Minimisers MINIMISERS = new Minimisers(FHIR.context());
  private static final Set<CategoryCode> HOSPITAL_DISCHARGE =
      Set.of(CategoryCode.of("demographics"), CategoryCode.of("encounter"));

  /** A mapping that reads more than any flow to the council carries. */
  private static final Mapping GREEDY =
      Mappings.read(
          "greedy.yaml",
          """
          id: greedy
          version: "1"
          title: Reads a diagnosis and the phone as well as the name
          format: {type: csv}
          fields:
            - name: ledger
              out: "%ledgerIndex"
            - name: family
              out: Bundle.entry.resource.ofType(Patient).name.first().family
            - name: phone
              out: Bundle.entry.resource.ofType(Patient).telecom.value
              separator: " / "
            - name: diagnosis
              out: Bundle.entry.resource.ofType(Condition).code.coding.display
              separator: " / "
          """);

  private static ParsedNotice notice() {
    try (InputStream in =
        Objects.requireNonNull(
            MappedDeliveryFormatTest.class.getResourceAsStream(
                "/notices/discharge-notice-RXA-to-XLA001.json"))) {
      return new NoticeParser(FHIR, NoticeParser.DEFAULT_MAX_BYTES)
          .parse(in.readAllBytes(), MessageFormat.JSON);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Bundle withDiagnosis(Bundle bundle) {
    Patient patient =
        (Patient)
            bundle.getEntry().stream()
                .map(Bundle.BundleEntryComponent::getResource)
                .filter(Patient.class::isInstance)
                .findFirst()
                .orElseThrow();
    patient
        .addTelecom()
        .setSystem(ContactPoint.ContactPointSystem.PHONE)
        .setUse(ContactPoint.ContactPointUse.MOBILE)
        .setValue("07700 900731");
    Condition condition = new Condition();
    condition.getCode().addCoding().setSystem("http://snomed.info/sct").setCode("429998004");
    condition.getCode().getCodingFirstRep().setDisplay("Vascular dementia");
    condition.getSubject().setReference("urn:uuid:c5e6f708-91a2-4b34-85d6-e7f8091a2b35");
    bundle.addEntry().setFullUrl("urn:uuid:0e5a6b1c-2d3f-4a5b-8c7d-9e0f1a2b3c4d");
    bundle.getEntry().get(bundle.getEntry().size() - 1).setResource(condition);
    return bundle;
  }

  @Test
  void deliversNoValueOfAWithheldCategoryEvenWhenTheMappingAsksForIt() {
    Bundle notice = withDiagnosis(notice().bundle());
    MappedDeliveryFormat format =
        new MappedDeliveryFormat("greedy", GREEDY, ENGINE, Set.of(), "greedy-");

    Delivery all = format.translate(notice).deliver(5);
    Delivery minimised =
        format.translate(MINIMISERS.minimise(PROTOCOL, notice, HOSPITAL_DISCHARGE)).deliver(5);

    assertThat(new String(all.payload(), UTF_8))
        .contains("Ashworth", "01632 960123", "07700 900731", "Vascular dementia");
    assertThat(new String(minimised.payload(), UTF_8))
        .isEqualTo("ledger,family,phone,diagnosis\r\n5,Ashworth,,\r\n");
    assertThat(minimised.fileName()).isEqualTo("greedy-5.csv");
  }

  @Test
  void leavesTheNoticeItselfUntouched() {
    Bundle notice = withDiagnosis(notice().bundle());
    String before = FHIR.toJson(notice);

    Bundle minimised = MINIMISERS.minimise(PROTOCOL, notice, HOSPITAL_DISCHARGE);

    assertThat(minimised).isNotSameAs(notice);
    assertThat(FHIR.toJson(notice)).isEqualTo(before);
    assertThat(MINIMISERS.minimise(PROTOCOL, notice, MINIMISERS.of(PROTOCOL).categories()))
        .as("nothing withheld, nothing copied")
        .isSameAs(notice);
  }

  @Test
  void buildsOneMinimiserPerProtocolVersion() {
    assertThat(MINIMISERS.of(PROTOCOL)).isSameAs(MINIMISERS.of(PROTOCOL));
    Protocol next =
        ProtocolReader.read(
            "protocol.yaml", readExample().replace("version: \"2.0.0\"", "version: \"2.0.1\""));
    assertThat(next.ref().sha256()).isNotEqualTo(PROTOCOL.ref().sha256());

    assertThat(MINIMISERS.of(next)).isNotSameAs(MINIMISERS.of(PROTOCOL));
  }

  @Test
  void writesTheSocialCareReferralCsvAsReferralIndexDotCsv() {
    MappedDeliveryFormat csv =
        new MappedDeliveryFormat(
            "social-care-referral-csv",
            Mappings.read(Path.of("../config/mappings/adw-notice-to-referral-csv.yaml")),
            ENGINE,
            HOSPITAL_DISCHARGE,
            "referral-");
    ParsedNotice notice = notice();

    DeliveryFormat.Translation translation =
        csv.translate(MINIMISERS.minimise(PROTOCOL, notice.bundle(), HOSPITAL_DISCHARGE));
    Delivery delivery = translation.deliver(17);

    assertThat(delivery.fileName()).isEqualTo("referral-17.csv");
    assertThat(delivery.contentType()).isEqualTo("text/csv; charset=utf-8");
    assertThat(new String(delivery.payload(), UTF_8))
        .isEqualTo(
            "notice_message_id,ledger_index,notice_event_code,notice_event,sending_organisation,"
                + "receiving_organisation,nhs_number,family_name,given_name,birth_date,gender,"
                + "postcode,phone,encounter_class,encounter_status,admitted_at,discharged_at\r\n"
                + "0b7e5a2c-91d4-4f3e-8c2a-5e6f70819a02,17,975731000000100,"
                + "Discharge Notice under the Care Act 2014 Schedule 3,RXA,XLA001,9990000018,"
                + "Ashworth,Margaret Ellen,1938-07-14,female,NM4 7QT,,IMP,in-progress,"
                + "2025-03-03T14:20:00+00:00,2025-03-14T12:00:00+00:00\r\n");
    assertThat(new String(translation.deliver(18).payload(), UTF_8)).contains(",18,");
  }

  @Test
  void refusesANoticeTheMappingCannotTranslateNamingTheFieldNotTheValue() {
    Bundle notice = notice().bundle();
    notice.getEntryFirstRep().getResource().setId((String) null);
    notice.getIdentifier().setValue(null);
    MappedDeliveryFormat csv =
        new MappedDeliveryFormat(
            "social-care-referral-csv",
            Mappings.read(Path.of("../config/mappings/adw-notice-to-referral-csv.yaml")),
            ENGINE,
            HOSPITAL_DISCHARGE,
            "referral-");

    assertThatThrownBy(() -> csv.translate(notice))
        .isInstanceOf(TranslationException.class)
        .hasMessage(
            "The notice cannot be translated into social-care-referral-csv: record 1, field"
                + " notice_message_id: error: The field is required but the FHIR content has no"
                + " value for it.");
  }

  private static String readExample() {
    try {
      return java.nio.file.Files.readString(
          Path.of("../config/partnerships/example/protocol.yaml"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
