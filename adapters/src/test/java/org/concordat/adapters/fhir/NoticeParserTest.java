package org.concordat.adapters.fhir;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import org.concordat.protocols.sharing.OdsCode;
import org.hl7.fhir.r4.model.Patient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NoticeParserTest {
  private final NoticeParser parser =
      new NoticeParser(Notices.fhir(), NoticeParser.DEFAULT_MAX_BYTES);

  private static final String DISCHARGE = Notices.text(Notices.DISCHARGE_TO_COUNCIL);

  @Test
  void readsTheDischargeNoticeToTheCouncil() {
    ParsedNotice notice = parser.parse(DISCHARGE.getBytes(UTF_8), MessageFormat.JSON);

    assertThat(notice.messageId()).isEqualTo("0b7e5a2c-91d4-4f3e-8c2a-5e6f70819a02");
    assertThat(notice.eventSystem()).isEqualTo("http://snomed.info/sct");
    assertThat(notice.eventCode()).isEqualTo("975731000000100");
    assertThat(notice.eventDisplay())
        .isEqualTo("Discharge Notice under the Care Act 2014 Schedule 3");
    assertThat(notice.sender()).isEqualTo(OdsCode.of("RXA"));
    assertThat(notice.receivers()).containsExactly(OdsCode.of("XLA001"));
    assertThat(notice.nhsNumber().value()).isEqualTo("9990000018");
    assertThat(notice.person())
        .isEqualTo(
            new PersonDetails(
                "Ashworth",
                "Margaret Ellen",
                LocalDate.of(1938, 7, 14),
                "female",
                "NM4 7QT",
                "01632 960123"));
    assertThat(notice.encounter())
        .isEqualTo(
            new EncounterDetails(
                "IMP", "in-progress", "2025-03-03T14:20:00+00:00", "2025-03-14T12:00:00+00:00"));
    assertThat(notice.bundle().getEntry()).hasSize(7);
  }

  @Test
  void readsTheSameNoticeAddressedToTheHousingTrust() {
    ParsedNotice notice =
        parser.parse(
            Notices.text(Notices.DISCHARGE_TO_HOUSING_TRUST).getBytes(UTF_8), MessageFormat.JSON);

    assertThat(notice.receivers()).containsExactly(OdsCode.of("XVO001"));
    assertThat(notice.nhsNumber().value()).isEqualTo("9990000018");
  }

  @Test
  void readsAnXmlAdmissionNoticeWithLogicalReferences() {
    byte[] body = Notices.text(Notices.ADMISSION_XML).getBytes(UTF_8);

    ParsedNotice notice = parser.parse(body, MessageFormat.detect("application/fhir+xml", body));

    assertThat(notice.eventCode()).isEqualTo("895571000000108");
    assertThat(notice.sender()).isEqualTo(OdsCode.of("RXA"));
    assertThat(notice.receivers()).containsExactly(OdsCode.of("XLA001"));
    assertThat(notice.nhsNumber().value()).isEqualTo("9990000026");
    assertThat(notice.person().phone()).isEqualTo("07700 900812");
    assertThat(notice.encounter())
        .isEqualTo(new EncounterDetails("IMP", "in-progress", "2025-04-02T16:40:00+01:00", null));
  }

  @Test
  void showsNoPersonalDataInToString() {
    String shown = parser.parse(DISCHARGE.getBytes(UTF_8), MessageFormat.JSON).toString();

    assertThat(shown)
        .contains("RXA", "XLA001", "975731000000100")
        .doesNotContain("9990000018", "Ashworth", "Margaret", "1938", "NM4", "01632", "2025-03-03");
  }

  @Test
  void refusesMalformedJson() {
    var problem = refusal(DISCHARGE.substring(0, DISCHARGE.length() / 2), MessageFormat.JSON);

    assertThat(problem.kind()).isEqualTo(IssueKind.MALFORMED);
    assertThat(problem).hasMessageStartingWith("The message is not well-formed FHIR R4 JSON");
  }

  @Test
  void doesNotQuoteTheDocumentWhenJsonIsMalformed() {
    var problem =
        refusal(
            DISCHARGE.replace("\"family\": \"Ashworth\"", "\"family\": Ashworth"),
            MessageFormat.JSON);

    assertThat(problem.kind()).isEqualTo(IssueKind.MALFORMED);
    assertThat(problem).hasMessageNotContaining("Ashworth");
    assertThat(problem.getCause()).isNull();
  }

  @Test
  void refusesAnInvalidValueWithoutQuotingIt() {
    var problem = refusal(DISCHARGE.replace("1938-07-14", "1938-14-07"), MessageFormat.JSON);

    assertThat(problem.kind()).isEqualTo(IssueKind.MALFORMED);
    assertThat(problem)
        .hasMessageContaining("not valid for its FHIR type")
        .hasMessageNotContaining("1938");
  }

  @Test
  void refusesElementsThatAreNotFhirR4() {
    var problem =
        refusal(
            DISCHARGE.replace("\"gender\": \"female\"", "\"sex\": \"female\""), MessageFormat.JSON);

    assertThat(problem.kind()).isEqualTo(IssueKind.MALFORMED);
    assertThat(problem).hasMessageContaining("'sex' is not part of FHIR R4");
  }

  @Test
  void refusesMalformedXml() {
    String xml = Notices.text(Notices.ADMISSION_XML).replace("</Bundle>", "");

    var problem = refusal(xml, MessageFormat.XML);

    assertThat(problem.kind()).isEqualTo(IssueKind.MALFORMED);
    assertThat(problem).hasMessageStartingWith("The XML is not well-formed");
  }

  @Test
  void refusesAnExternalEntityBeforeHapiReadsIt(@TempDir Path dir) throws Exception {
    Path secret = dir.resolve("secret.txt");
    Files.writeString(secret, "LEAKED-SECRET");
    String xml =
        Notices.text(Notices.ADMISSION_XML)
            .replace(
                "<Bundle xmlns",
                "<!DOCTYPE Bundle [<!ENTITY xxe SYSTEM \""
                    + secret.toUri()
                    + "\">]>\n<Bundle xmlns")
            .replace("<family value=\"Thornbury\"/>", "<family value=\"&xxe;\"/>");

    var problem = refusal(xml, MessageFormat.XML);

    assertThat(problem.kind()).isEqualTo(IssueKind.FORBIDDEN_XML_CONSTRUCT);
    assertThat(problem).hasMessage("XML documents with a DOCTYPE are not accepted");
  }

  @Test
  void refusesAPatientWithoutAnNhsNumber() {
    var problem =
        refusal(
            DISCHARGE.replace("https://fhir.nhs.uk/Id/nhs-number", "https://example.org/Id/mrn"),
            MessageFormat.JSON);

    assertThat(problem.kind()).isEqualTo(IssueKind.MISSING_ELEMENT);
    assertThat(problem)
        .hasMessage(
            "The Patient has no NHS number identifier (system https://fhir.nhs.uk/Id/nhs-number)");
  }

  @Test
  void refusesAnNhsNumberWithAWrongCheckDigitWithoutQuotingIt() {
    var problem = refusal(DISCHARGE.replace("9990000018", "9990000019"), MessageFormat.JSON);

    assertThat(problem.kind()).isEqualTo(IssueKind.INVALID_NHS_NUMBER);
    assertThat(problem).hasMessageContaining("check digit").hasMessageNotContaining("999000001");
  }

  @Test
  void refusesABundleThatIsNotAMessage() {
    var problem =
        refusal(
            DISCHARGE.replace("\"type\": \"message\"", "\"type\": \"collection\""),
            MessageFormat.JSON);

    assertThat(problem.kind()).isEqualTo(IssueKind.NOT_A_MESSAGE);
    assertThat(problem).hasMessageContaining("type collection");
  }

  @Test
  void refusesAResourceThatIsNotABundle() {
    String patient = Notices.fhir().toJson(new Patient().setActive(true));

    var problem = refusal(patient, MessageFormat.JSON);

    assertThat(problem.kind()).isEqualTo(IssueKind.NOT_A_MESSAGE);
    assertThat(problem).hasMessageStartingWith("The message is a Patient");
  }

  @Test
  void refusesAMessageLargerThanTheLimitUnread() {
    var small = new NoticeParser(Notices.fhir(), 1024);

    var problem =
        catchThrowableOfType(
            InvalidMessageException.class,
            () -> small.parse(DISCHARGE.getBytes(UTF_8), MessageFormat.JSON));

    assertThat(problem.kind()).isEqualTo(IssueKind.TOO_LARGE);
    assertThat(problem).hasMessageContaining("at most 1024");
  }

  @Test
  void refusesAMessageWithoutASender() {
    String withoutSender =
        DISCHARGE.replaceFirst("\"sender\": \\{\\s*\"reference\": \"[^\"]*\"\\s*},", "");
    assertThat(withoutSender).isNotEqualTo(DISCHARGE);

    var problem = refusal(withoutSender, MessageFormat.JSON);

    assertThat(problem.kind()).isEqualTo(IssueKind.MISSING_ELEMENT);
    assertThat(problem).hasMessageContaining("MessageHeader.sender");
  }

  @Test
  void refusesASenderThatIsNotAnOrganization() {
    String practitionerSender =
        DISCHARGE.replaceFirst(
            "(\"sender\": \\{\\s*\"reference\": \")urn:uuid:[^\"]*",
            "$1Practitioner/d6f70819-a2b3-4c45-96e7-f8091a2b3c46");
    assertThat(practitionerSender).isNotEqualTo(DISCHARGE);

    var problem = refusal(practitionerSender, MessageFormat.JSON);

    assertThat(problem.kind()).isEqualTo(IssueKind.MISSING_ELEMENT);
    assertThat(problem)
        .hasMessage("MessageHeader.sender refers to a Practitioner; an Organization is expected");
  }

  @Test
  void refusesAMessageWithoutAnEventCoding() {
    String withEventUri =
        DISCHARGE.replaceFirst(
            "\"eventCoding\": \\{[^}]*}", "\"eventUri\": \"urn:example:discharge\"");
    assertThat(withEventUri).isNotEqualTo(DISCHARGE);

    var problem = refusal(withEventUri, MessageFormat.JSON);

    assertThat(problem.kind()).isEqualTo(IssueKind.MISSING_ELEMENT);
    assertThat(problem)
        .hasMessage("The MessageHeader has no coded event (MessageHeader.eventCoding)");
  }

  private InvalidMessageException refusal(String body, MessageFormat format) {
    return catchThrowableOfType(
        InvalidMessageException.class, () -> parser.parse(body.getBytes(UTF_8), format));
  }
}
