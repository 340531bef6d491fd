package org.concordat.adapters.la;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.concordat.adapters.fhir.EncounterDetails;
import org.concordat.adapters.fhir.Notices;
import org.concordat.adapters.fhir.ParsedNotice;
import org.concordat.adapters.fhir.PersonDetails;
import org.concordat.protocols.sharing.CategoryCode;
import org.concordat.protocols.sharing.OdsCode;
import org.concordat.protocols.subject.NhsNumber;
import org.hl7.fhir.r4.model.Bundle;
import org.junit.jupiter.api.Test;

class SocialCareReferralCsvTest {
  private static final String HEADER =
      "notice_message_id,ledger_index,notice_event_code,notice_event,sending_organisation,"
          + "receiving_organisation,nhs_number,family_name,given_name,birth_date,gender,postcode,"
          + "phone,encounter_class,encounter_status,admitted_at,discharged_at\r\n";
  private static final Set<CategoryCode> ALL =
      Set.of(
          SocialCareReferralCsv.DEMOGRAPHICS,
          SocialCareReferralCsv.CONTACTS,
          SocialCareReferralCsv.ENCOUNTER);

  private final SocialCareReferralCsv csv = new SocialCareReferralCsv();

  @Test
  void rendersTheDischargeNoticeWithEveryCategoryPermitted() {
    String rendered = new String(csv.render(Notices.dischargeToCouncil(), 17, ALL), UTF_8);

    assertThat(rendered)
        .isEqualTo(
            HEADER
                + "0b7e5a2c-91d4-4f3e-8c2a-5e6f70819a02,17,975731000000100,"
                + "Discharge Notice under the Care Act 2014 Schedule 3,RXA,XLA001,9990000018,"
                + "Ashworth,Margaret Ellen,1938-07-14,female,NM4 7QT,01632 960123,"
                + "IMP,in-progress,2025-03-03T14:20:00+00:00,2025-03-14T12:00:00+00:00\r\n");
  }

  @Test
  void leavesWithheldCategoriesEmptyAndKeepsTheNhsNumber() {
    byte[] rendered =
        csv.render(Notices.dischargeToCouncil(), 17, Set.of(SocialCareReferralCsv.ENCOUNTER));
    String text = new String(rendered, UTF_8);

    assertThat(text)
        .isEqualTo(
            HEADER
                + "0b7e5a2c-91d4-4f3e-8c2a-5e6f70819a02,17,975731000000100,"
                + "Discharge Notice under the Care Act 2014 Schedule 3,RXA,XLA001,9990000018,"
                + ",,,,,,"
                + "IMP,in-progress,2025-03-03T14:20:00+00:00,2025-03-14T12:00:00+00:00\r\n");
    for (String withheld :
        List.of("Ashworth", "Margaret", "Ellen", "1938", "female", "NM4", "01632", "960123")) {
      assertThat(indexOf(rendered, withheld.getBytes(UTF_8))).as(withheld).isEqualTo(-1);
    }
  }

  @Test
  void withholdsTheEncounterWhenOnlyDemographicsArePermitted() {
    String text =
        new String(
            csv.render(Notices.dischargeToCouncil(), 3, Set.of(SocialCareReferralCsv.DEMOGRAPHICS)),
            UTF_8);

    assertThat(text).contains("Ashworth").doesNotContain("IMP", "2025-03-03", "01632");
    assertThat(text).endsWith(",NM4 7QT,,,,,\r\n");
  }

  @Test
  void quotesCommasQuotesAndLineBreaks() {
    var notice =
        notice(
            new PersonDetails(
                "O'Neill, Jr", "Anne \"Nan\"", null, "female", "NM1\r\n2AB", "01632 960999"));

    String row = dataRow(csv.render(notice, 0, ALL));

    assertThat(row)
        .contains(",\"O'Neill, Jr\",\"Anne \"\"Nan\"\"\",,female,\"NM1\r\n2AB\",01632 960999,");
  }

  @Test
  void neutralisesCellsThatSpreadsheetsWouldReadAsFormulas() {
    var notice =
        notice(
            new PersonDetails(
                "=HYPERLINK(\"http://evil.example\",\"x\")",
                "@SUM(A1)",
                null,
                "-1",
                "\tNM1 2AB",
                "+44 1632 960999"));

    String row = dataRow(csv.render(notice, 0, ALL));

    assertThat(row)
        .contains(
            ",\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"x\"\")\",'@SUM(A1),,'-1,'\tNM1 2AB,"
                + "'+44 1632 960999,");
  }

  @Test
  void listsTheColumnsInTheDocumentedOrder() {
    assertThat(String.join(",", SocialCareReferralCsv.headers()) + "\r\n").isEqualTo(HEADER);
  }

  private static ParsedNotice notice(PersonDetails person) {
    return new ParsedNotice(
        "m-1",
        "http://snomed.info/sct",
        "975731000000100",
        null,
        OdsCode.of("RXA"),
        List.of(OdsCode.of("XLA001")),
        NhsNumber.parse("9990000034"),
        person,
        new EncounterDetails("IMP", "finished", "2025-01-01", "2025-01-09"),
        new Bundle());
  }

  private static String dataRow(byte[] rendered) {
    String text = new String(rendered, UTF_8);
    assertThat(text).startsWith(HEADER);
    return text.substring(HEADER.length());
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
