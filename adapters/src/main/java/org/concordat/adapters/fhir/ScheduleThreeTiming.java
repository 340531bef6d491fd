package org.concordat.adapters.fhir;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The timing rules for ADW notices, from the Care Act 2014 Schedule 3 and the Care and Support
 * (Discharge of Hospital Patients) Regulations 2014, checked as warnings: an assessment notice may
 * not be given more than seven days before the patient's expected admission (Schedule 3 paragraph
 * 1(3)(b)); a discharge notice must be given at least one day before the proposed discharge date
 * (regulation 5); every notice bears the date on which it is given (regulation 2).
 *
 * <p>Days are calendar days in England ({@code Europe/London}). The day a notice is given is the
 * day its message bears ({@code Bundle.timestamp}); regulation 11's rules on when a notice is to be
 * treated as given are not applied. See {@code docs/adw-notices.md}, which also notes that Schedule
 * 3 and these regulations no longer have effect in England (Health and Care Act 2022 s91): the
 * checks stay advisory, for partnerships that keep the ADW timings by agreement.
 */
public final class ScheduleThreeTiming {
  public static final String SNOMED = "http://snomed.info/sct";
  public static final String ASSESSMENT_NOTICE = "975701000000106";
  public static final String DISCHARGE_NOTICE = "975731000000100";

  static final ZoneId ENGLAND = ZoneId.of("Europe/London");

  private ScheduleThreeTiming() {}

  /**
   * The timing warnings for one notice; none for events without timing rules (an admission
   * notification or a withdrawal, say).
   *
   * @param givenAt {@code Bundle.timestamp} as sent, or null when the message has none
   * @param encounter the hospital stay: its start is the (expected) admission, its end the
   *     (proposed) discharge
   */
  public static List<NoticeWarning> check(
      String eventSystem,
      String eventCode,
      @Nullable String givenAt,
      @Nullable EncounterDetails encounter) {
    if (!SNOMED.equals(eventSystem)
        || !(ASSESSMENT_NOTICE.equals(eventCode) || DISCHARGE_NOTICE.equals(eventCode))) {
      return List.of();
    }
    List<NoticeWarning> warnings = new ArrayList<>();
    LocalDate given = dayOf(givenAt);
    if (given == null) {
      warnings.add(
          new NoticeWarning(
              "notice-date-missing",
              "The notice does not say when it was given (Bundle.timestamp as a full date and"
                  + " time), so its timing could not be checked; regulation 2 of the Care and"
                  + " Support (Discharge of Hospital Patients) Regulations 2014 requires every"
                  + " notice to bear the date on which it is given.",
              List.of("Bundle.timestamp")));
    }
    if (ASSESSMENT_NOTICE.equals(eventCode)) {
      LocalDate admission = dayOf(encounter == null ? null : encounter.start());
      if (given != null && admission != null) {
        long early = ChronoUnit.DAYS.between(given, admission);
        if (early > 7) {
          warnings.add(
              new NoticeWarning(
                  "assessment-notice-too-early",
                  "The assessment notice was given "
                      + early
                      + " days before the patient's expected admission; the ADW rules (Care Act"
                      + " 2014 Schedule 3 paragraph 1(3)(b)) allow at most 7 days.",
                  List.of("Bundle.timestamp", "Encounter.period.start")));
        }
      }
    } else {
      LocalDate discharge = dayOf(encounter == null ? null : encounter.end());
      if (discharge == null) {
        warnings.add(
            new NoticeWarning(
                "discharge-date-missing",
                "The discharge notice gives no proposed discharge date (Encounter.period.end), so"
                    + " its timing could not be checked; regulation 5 of the Care and Support"
                    + " (Discharge of Hospital Patients) Regulations 2014 asks for at least one"
                    + " day's notice.",
                List.of("Encounter.period.end")));
      } else if (given != null && !given.isBefore(discharge)) {
        long late = ChronoUnit.DAYS.between(discharge, given);
        warnings.add(
            new NoticeWarning(
                "discharge-notice-too-late",
                "The discharge notice was given "
                    + (late == 0
                        ? "on the day of the discharge"
                        : late + (late == 1 ? " day" : " days") + " after the discharge")
                    + "; regulation 5 of the Care and Support (Discharge of Hospital Patients)"
                    + " Regulations 2014 asks for at least one day's notice before the proposed"
                    + " discharge date.",
                List.of("Bundle.timestamp", "Encounter.period.end")));
      }
    }
    return List.copyOf(warnings);
  }

  /**
   * The day in England of a FHIR date or dateTime; null when absent or less precise than a day. A
   * date-time without a time zone cannot occur in valid FHIR.
   */
  static @Nullable LocalDate dayOf(@Nullable String fhirDateOrDateTime) {
    if (fhirDateOrDateTime == null) {
      return null;
    }
    try {
      if (fhirDateOrDateTime.length() == 10) {
        return LocalDate.parse(fhirDateOrDateTime);
      }
      if (fhirDateOrDateTime.length() > 10) {
        return OffsetDateTime.parse(fhirDateOrDateTime).atZoneSameInstant(ENGLAND).toLocalDate();
      }
    } catch (DateTimeParseException e) {
      // A year or year-month, or a form HAPI accepted that java.time does not: not checkable.
    }
    return null;
  }
}
