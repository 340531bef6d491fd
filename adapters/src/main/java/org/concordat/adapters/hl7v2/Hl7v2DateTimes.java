package org.concordat.adapters.hl7v2;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * HL7 v2 TS values ({@code YYYY[MM[DD[HH[MM[SS[.S[S[S[S]]]]]]]]][+/-ZZZZ]}) as FHIR dates and
 * date-times. A time without an offset is local time in England ({@code Europe/London}), as NHS
 * systems send it; in the hour the clocks go back the earlier offset is taken. Values never appear
 * in the exceptions, which name the field instead.
 */
final class Hl7v2DateTimes {
  static final ZoneId ENGLAND = ZoneId.of("Europe/London");

  private static final Pattern TS =
      Pattern.compile(
          "^(\\d{4})(\\d{2})?(\\d{2})?(\\d{2})?(\\d{2})?(\\d{2})?(?:\\.(\\d{1,4}))?([+-]\\d{4})?$");
  private static final DateTimeFormatter FHIR_DATE_TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx");

  private Hl7v2DateTimes() {}

  /**
   * A FHIR {@code dateTime} with the precision sent: a date, or a date and time to the second with
   * an offset (FHIR has no minute precision, so missing seconds are zero).
   *
   * @param field where the value is, e.g. {@code PV1-44}, for the exception
   * @return null when {@code ts} is empty
   */
  static @Nullable String dateTime(@Nullable String ts, String segment, int field) {
    Parts parts = parse(ts, segment, field);
    if (parts == null) {
      return null;
    }
    if (parts.hour == null) {
      return parts.date(segment, field);
    }
    return FHIR_DATE_TIME.format(parts.offsetDateTime(segment, field));
  }

  /**
   * A FHIR {@code instant}: the date and time to the second with an offset; a date alone is taken
   * as its midnight in England.
   */
  static @Nullable String instant(@Nullable String ts, String segment, int field) {
    Parts parts = parse(ts, segment, field);
    if (parts == null) {
      return null;
    }
    return FHIR_DATE_TIME.format(parts.offsetDateTime(segment, field));
  }

  /** A FHIR {@code date}: {@code YYYY}, {@code YYYY-MM} or {@code YYYY-MM-DD}; any time dropped. */
  static @Nullable String date(@Nullable String ts, String segment, int field) {
    Parts parts = parse(ts, segment, field);
    return parts == null ? null : parts.date(segment, field);
  }

  private static @Nullable Parts parse(@Nullable String ts, String segment, int field) {
    if (ts == null || ts.isBlank()) {
      return null;
    }
    Matcher m = TS.matcher(ts.strip());
    if (!m.matches()) {
      throw invalid(segment, field);
    }
    return new Parts(
        m.group(1), m.group(2), m.group(3), m.group(4), m.group(5), m.group(6), m.group(8));
  }

  private static AdtRejectedException invalid(String segment, int field) {
    return new AdtRejectedException(
        AdtProblem.INVALID_VALUE,
        segment + "-" + field + " is not an HL7 date/time (YYYYMMDD[HHMM[SS]][+/-ZZZZ])",
        segment,
        field);
  }

  private record Parts(
      String year,
      @Nullable String month,
      @Nullable String day,
      @Nullable String hour,
      @Nullable String minute,
      @Nullable String second,
      @Nullable String offset) {

    String date(String segment, int field) {
      try {
        if (month == null) {
          return year;
        }
        if (day == null) {
          LocalDate.of(Integer.parseInt(year), Integer.parseInt(month), 1);
          return year + "-" + month;
        }
        return LocalDate.of(Integer.parseInt(year), Integer.parseInt(month), Integer.parseInt(day))
            .toString();
      } catch (DateTimeException e) {
        throw invalid(segment, field);
      }
    }

    OffsetDateTime offsetDateTime(String segment, int field) {
      try {
        LocalDateTime local =
            LocalDateTime.of(
                Integer.parseInt(year),
                month == null ? 1 : Integer.parseInt(month),
                day == null ? 1 : Integer.parseInt(day),
                hour == null ? 0 : Integer.parseInt(hour),
                minute == null ? 0 : Integer.parseInt(minute),
                second == null ? 0 : Integer.parseInt(second));
        if (offset != null) {
          return local.atOffset(ZoneOffset.of(offset.substring(0, 3) + ":" + offset.substring(3)));
        }
        return local.atZone(ENGLAND).toOffsetDateTime();
      } catch (DateTimeException | NumberFormatException e) {
        throw invalid(segment, field);
      }
    }
  }
}
