package org.concordat.adapters.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The ADW timing rules: an assessment notice no more than 7 days before the expected admission
 * (Care Act 2014 Schedule 3 paragraph 1(3)(b)); a discharge notice at least one day before the
 * proposed discharge (regulation 5 of the Care and Support (Discharge of Hospital Patients)
 * Regulations 2014). Days are calendar days in England.
 */
class ScheduleThreeTimingTest {
  private static final String SNOMED = ScheduleThreeTiming.SNOMED;
  private static final String ASSESSMENT = ScheduleThreeTiming.ASSESSMENT_NOTICE;
  private static final String DISCHARGE = ScheduleThreeTiming.DISCHARGE_NOTICE;

  @Test
  void acceptsAnAssessmentNoticeExactlySevenDaysBeforeAdmission() {
    assertThat(codes(ASSESSMENT, "2025-06-09T17:00:00+01:00", stay("2025-06-16", null))).isEmpty();
  }

  @Test
  void warnsOfAnAssessmentNoticeEightDaysBeforeAdmission() {
    List<NoticeWarning> warnings =
        ScheduleThreeTiming.check(
            SNOMED,
            ASSESSMENT,
            "2025-06-08T09:00:00+01:00",
            stay("2025-06-16T08:00:00+01:00", null));

    assertThat(warnings)
        .extracting(NoticeWarning::code)
        .containsExactly("assessment-notice-too-early");
    assertThat(warnings.get(0).text()).contains("8 days before");
    assertThat(warnings.get(0).elements())
        .containsExactly("Bundle.timestamp", "Encounter.period.start");
  }

  @Test
  void acceptsAnAssessmentNoticeGivenAfterAdmission() {
    assertThat(codes(ASSESSMENT, "2025-06-20T09:00:00+01:00", stay("2025-06-16", null))).isEmpty();
  }

  @Test
  void acceptsADischargeNoticeTheDayBeforeTheDischarge() {
    assertThat(codes(DISCHARGE, "2025-05-07T23:59:00+01:00", stay(null, "2025-05-08"))).isEmpty();
  }

  @Test
  void warnsOfADischargeNoticeOnTheDayOfDischarge() {
    List<NoticeWarning> warnings =
        ScheduleThreeTiming.check(
            SNOMED,
            DISCHARGE,
            "2025-05-08T00:05:00+01:00",
            stay(null, "2025-05-08T12:00:00+01:00"));

    assertThat(warnings)
        .extracting(NoticeWarning::code)
        .containsExactly("discharge-notice-too-late");
    assertThat(warnings.get(0).text()).contains("on the day of the discharge");
  }

  @Test
  void warnsOfADischargeNoticeAfterTheDischarge() {
    List<NoticeWarning> warnings =
        ScheduleThreeTiming.check(
            SNOMED, DISCHARGE, "2025-05-10T09:00:00Z", stay(null, "2025-05-08"));

    assertThat(warnings.get(0).text()).contains("2 days after the discharge");
  }

  @Test
  void countsDaysInEnglandNotInUtc() {
    // 23:30 UTC on 7 May is 00:30 on 8 May in England (BST): the day of the discharge.
    assertThat(codes(DISCHARGE, "2025-05-07T23:30:00Z", stay(null, "2025-05-08")))
        .containsExactly("discharge-notice-too-late");
  }

  @Test
  void warnsOfADischargeNoticeWithoutADischargeDate() {
    assertThat(codes(DISCHARGE, "2025-05-07T09:00:00+01:00", stay("2025-05-01", null)))
        .containsExactly("discharge-date-missing");
    assertThat(codes(DISCHARGE, "2025-05-07T09:00:00+01:00", null))
        .containsExactly("discharge-date-missing");
  }

  @Test
  void warnsOfANoticeThatDoesNotSayWhenItWasGiven() {
    assertThat(codes(DISCHARGE, null, stay(null, "2025-05-08")))
        .containsExactly("notice-date-missing");
  }

  @Test
  void leavesDatesLessPreciseThanADayUnchecked() {
    assertThat(codes(ASSESSMENT, "2025-06-01T09:00:00+01:00", stay("2025-07", null))).isEmpty();
  }

  @Test
  void hasNoRulesForAdmissionNotificationsOrWithdrawals() {
    assertThat(codes("895571000000108", null, null)).isEmpty();
    assertThat(codes("975841000000102", null, null)).isEmpty();
    assertThat(ScheduleThreeTiming.check("urn:other", DISCHARGE, null, null)).isEmpty();
  }

  private static List<String> codes(String event, String givenAt, EncounterDetails stay) {
    return ScheduleThreeTiming.check(SNOMED, event, givenAt, stay).stream()
        .map(NoticeWarning::code)
        .toList();
  }

  private static EncounterDetails stay(String start, String end) {
    return new EncounterDetails("IMP", "in-progress", start, end);
  }
}
