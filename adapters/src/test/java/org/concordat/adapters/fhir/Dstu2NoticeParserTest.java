package org.concordat.adapters.fhir;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.stream.Stream;
import org.concordat.protocols.sharing.OdsCode;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.Test;

/** ADW notices in their official FHIR DSTU2 form, read through the same parser as R4 ones. */
class Dstu2NoticeParserTest {
  static final String DISCHARGE_XML = "dstu2-discharge-notice-RXA-to-XLA001.xml";
  static final String ASSESSMENT_JSON = "dstu2-assessment-notice-RXA-to-XLA001.json";

  private final NoticeParser parser =
      new NoticeParser(Notices.fhir(), NoticeParser.DEFAULT_MAX_BYTES);

  private static final String DISCHARGE = Notices.text(DISCHARGE_XML);
  private static final String ASSESSMENT = Notices.text(ASSESSMENT_JSON);

  @Test
  void readsTheDstu2DischargeNoticeAsR4() {
    ParsedNotice notice = parse(DISCHARGE, MessageFormat.XML);

    assertThat(notice.messageId()).isEqualTo("1d3e8b72-2a5f-4c9b-8e4d-6f7a8b9c0d12");
    assertThat(notice.eventSystem()).isEqualTo("http://snomed.info/sct");
    assertThat(notice.eventCode()).isEqualTo("975731000000100");
    // DSTU2 has no MessageHeader.sender: the sender is the ODS code in source.endpoint.
    assertThat(notice.sender()).isEqualTo(OdsCode.of("RXA"));
    // ... and MessageHeader.receiver (an Organization entry) becomes destination.receiver.
    assertThat(notice.receivers()).containsExactly(OdsCode.of("XLA001"));
    assertThat(notice.nhsNumber().value()).isEqualTo("9990000107");
    assertThat(notice.person())
        .isEqualTo(
            new PersonDetails(
                "Hargreave",
                "Winifred Ann",
                LocalDate.of(1936, 10, 2),
                "female",
                "NM7 2RD",
                "01632 960418"));
    assertThat(notice.encounter())
        .isEqualTo(new EncounterDetails("IMP", "in-progress", "2025-04-28", "2025-05-08"));
    assertThat(notice.warnings()).isEmpty();
  }

  @Test
  void turnsTheDstu2TimestampIntoTheBundleTimestamp() {
    ParsedNotice notice = parse(DISCHARGE, MessageFormat.XML);

    assertThat(notice.bundle().getTimestampElement().getValueAsString())
        .isEqualTo("2025-05-06T10:15:00+01:00");
  }

  @Test
  void mapsTheDstu2ReferralRequestToAServiceRequest() {
    ServiceRequest request =
        only(
            parse(DISCHARGE, MessageFormat.XML).bundle().getEntry().stream()
                .map(e -> e.getResource())
                .filter(ServiceRequest.class::isInstance)
                .map(ServiceRequest.class::cast));

    assertThat(request.getStatus()).isEqualTo(ServiceRequest.ServiceRequestStatus.ACTIVE);
    assertThat(request.getIntent()).isEqualTo(ServiceRequest.ServiceRequestIntent.ORDER);
    assertThat(request.getIdentifierFirstRep().getValue()).isEqualTo("DN-2025-000512");
    assertThat(request.getSubject().getReference())
        .isEqualTo("urn:uuid:4a6b1e05-5d8c-4fe2-ab7a-9c0d1e2f3a45");
    assertThat(request.getPerformerFirstRep().getReference())
        .isEqualTo("urn:uuid:7d9e4b58-8a1f-4c5b-8e4d-2f3a4b5c6d78");
    assertThat(request.getNoteFirstRep().getText()).startsWith("Ready for discharge home");
    assertThat(request.getSupportingInfoFirstRep().getReference())
        .isEqualTo("urn:uuid:9f1a6d7a-ac3b-4e7d-8a6f-4b5c6d7e8f90");
  }

  @Test
  void repairsWhatTheConverterLeavesInvalidInR4() {
    List<Resource> resources =
        parse(DISCHARGE, MessageFormat.XML).bundle().getEntry().stream()
            .map(e -> e.getResource())
            .toList();

    assertThat(resources).allSatisfy(r -> assertThat(r.getMeta().getProfile()).isEmpty());
    Encounter encounter = (Encounter) only(resources.stream().filter(Encounter.class::isInstance));
    assertThat(encounter.getClass_().getSystem())
        .isEqualTo("http://terminology.hl7.org/CodeSystem/v3-ActCode");
    QuestionnaireResponse answers =
        (QuestionnaireResponse)
            only(resources.stream().filter(QuestionnaireResponse.class::isInstance));
    assertThat(answers.getItemFirstRep().getLinkId()).isEqualTo("1");
    assertThat(answers.getItemFirstRep().getItemFirstRep().getLinkId()).isEqualTo("1.1");
  }

  @Test
  void readsTheDstu2AssessmentNoticeInJson() {
    ParsedNotice notice = parse(ASSESSMENT, MessageFormat.JSON);

    assertThat(notice.eventCode()).isEqualTo("975701000000106");
    assertThat(notice.sender()).isEqualTo(OdsCode.of("RXA"));
    assertThat(notice.receivers()).containsExactly(OdsCode.of("XLA001"));
    assertThat(notice.nhsNumber().value()).isEqualTo("9990000115");
    assertThat(notice.encounter())
        .isEqualTo(new EncounterDetails("IMP", "planned", "2025-06-16", null));
    // Given on 10 June for an admission on 16 June: within the 7 days.
    assertThat(notice.warnings()).isEmpty();
  }

  @Test
  void warnsWhenTheAssessmentNoticeComesMoreThanSevenDaysBeforeAdmission() {
    ParsedNotice notice =
        parse(
            ASSESSMENT.replace("2025-06-10T09:00:00+01:00", "2025-06-02T09:00:00+01:00"),
            MessageFormat.JSON);

    assertThat(notice.warnings())
        .extracting(NoticeWarning::code)
        .containsExactly("assessment-notice-too-early");
    assertThat(notice.warnings().get(0).text()).contains("14 days before");
  }

  @Test
  void warnsWhenTheDischargeNoticeComesOnTheDayOfDischarge() {
    ParsedNotice notice =
        parse(
            DISCHARGE.replace("2025-05-06T10:15:00+01:00", "2025-05-08T08:00:00+01:00"),
            MessageFormat.XML);

    assertThat(notice.warnings())
        .extracting(NoticeWarning::code)
        .containsExactly("discharge-notice-too-late");
    // A warning never quotes the dates: they are personal data once linked to a person.
    assertThat(notice.warnings().get(0).text()).doesNotContain("2025");
  }

  @Test
  void refusesElementsThatAreNotDstu2WithoutQuotingThem() {
    var problem =
        refusal(
            DISCHARGE.replace("<gender value=\"female\"/>", "<sex value=\"female\"/>"),
            MessageFormat.XML);

    assertThat(problem.kind()).isEqualTo(IssueKind.MALFORMED);
    assertThat(problem)
        .hasMessageContaining("'sex' is not part of FHIR DSTU2")
        .hasMessageNotContaining("female");
  }

  @Test
  void refusesADstu2InvalidValueWithoutQuotingIt() {
    var problem = refusal(DISCHARGE.replace("1936-10-02", "1936-13-02"), MessageFormat.XML);

    assertThat(problem.kind()).isEqualTo(IssueKind.MALFORMED);
    assertThat(problem).hasMessageNotContaining("1936");
  }

  @Test
  void refusesADoctypeBeforeTellingTheRelease() {
    String withDoctype =
        DISCHARGE.replace("<Bundle xmlns", "<!DOCTYPE Bundle [<!ENTITY x \"y\">]>\n<Bundle xmlns");

    var problem = refusal(withDoctype, MessageFormat.XML);

    assertThat(problem.kind()).isEqualTo(IssueKind.FORBIDDEN_XML_CONSTRUCT);
  }

  @Test
  void refusesADstu2MessageOverTheSizeLimitUnread() {
    NoticeParser small = new NoticeParser(Notices.fhir(), 1024);

    var problem =
        catchThrowableOfType(
            InvalidMessageException.class,
            () -> small.parse(DISCHARGE.getBytes(UTF_8), MessageFormat.XML));

    assertThat(problem.kind()).isEqualTo(IssueKind.TOO_LARGE);
  }

  @Test
  void refusesADstu2MessageWhoseSourceIsNotAnOdsAddress() {
    var problem =
        refusal(
            DISCHARGE.replace(
                "<endpoint value=\"urn:nhs-uk:addressing:ods:RXA\"/>",
                "<endpoint value=\"https://pas.northmoor.example/fhir\"/>"),
            MessageFormat.XML);

    assertThat(problem.kind()).isEqualTo(IssueKind.MISSING_ELEMENT);
    assertThat(problem).hasMessageContaining("MessageHeader.source.endpoint");
  }

  @Test
  void refusesADstu2ResourceThatIsNotABundle() {
    var problem =
        refusal(
            "{\"resourceType\":\"Bundle\",\"type\":\"collection\",\"entry\":[{\"resource\":"
                + "{\"resourceType\":\"MessageHeader\",\"timestamp\":\"2025-05-06T10:15:00Z\","
                + "\"event\":{\"system\":\"http://snomed.info/sct\",\"code\":\"975731000000100\"},"
                + "\"source\":{\"endpoint\":\"urn:nhs-uk:addressing:ods:RXA\"}}}]}",
            MessageFormat.JSON);

    assertThat(problem.kind()).isEqualTo(IssueKind.NOT_A_MESSAGE);
  }

  /**
   * The official ADW examples (NHS Digital, no licence, so not copied into this repository) are
   * read where the shared fixtures sit beside the checkout; every one of them must parse.
   */
  @Test
  void readsEveryOfficialAdwExampleWhereTheFixturesAreAvailable() throws IOException {
    Path examples = Path.of("../../shared/fixtures/adw/examples");
    assumeTrue(Files.isDirectory(examples), "the shared ADW fixtures are not beside the checkout");
    List<Path> files;
    try (Stream<Path> listed = Files.list(examples)) {
      files = listed.filter(p -> p.toString().endsWith(".xml")).sorted().toList();
    }

    assertThat(files).hasSizeGreaterThanOrEqualTo(12);
    for (Path file : files) {
      ParsedNotice notice = parser.parse(Files.readAllBytes(file), MessageFormat.XML);
      assertThat(notice.eventSystem()).as(file.toString()).isEqualTo("http://snomed.info/sct");
      assertThat(notice.nhsNumber()).as(file.toString()).isNotNull();
    }
  }

  private ParsedNotice parse(String text, MessageFormat format) {
    return parser.parse(text.getBytes(UTF_8), format);
  }

  private InvalidMessageException refusal(String text, MessageFormat format) {
    return catchThrowableOfType(InvalidMessageException.class, () -> parse(text, format));
  }

  private static <T> T only(Stream<T> stream) {
    List<T> all = stream.toList();
    assertThat(all).hasSize(1);
    return all.get(0);
  }
}
