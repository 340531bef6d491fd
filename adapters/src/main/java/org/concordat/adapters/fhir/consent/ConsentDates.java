package org.concordat.adapters.fhir.consent;

import java.time.DateTimeException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.Year;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.regex.Pattern;
import org.concordat.protocols.sharing.Protocol;

/**
 * FHIR dates and date-times as instants. A FHIR value covers a span as long as its precision (a
 * year, a month, a day, a second), and a period's end includes every instant that matches it; the
 * core's directives end exclusively. So a start is the first instant of its span and an end is the
 * first instant after its span. Dates without a time are read in UK time, like a protocol's
 * valid-from ({@link Protocol#PARTNERSHIP_ZONE}).
 *
 * <p>HAPI's own {@code getValue()} is not used: it reads a date without a time zone in the JVM's
 * default zone, which would make the meaning of a Consent depend on the machine.
 */
final class ConsentDates {
  static final ZoneId ZONE = Protocol.PARTNERSHIP_ZONE;

  private static final Pattern YEAR = Pattern.compile("\\d{4}");
  private static final Pattern YEAR_MONTH = Pattern.compile("\\d{4}-\\d{2}");
  private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");

  private ConsentDates() {}

  /**
   * The first instant {@code value} covers.
   *
   * @throws DateTimeException with a sentence (no value quoted) when it is not a FHIR dateTime
   */
  static Instant start(String value) {
    if (YEAR.matcher(value).matches()) {
      return Year.parse(value).atDay(1).atStartOfDay(ZONE).toInstant();
    }
    if (YEAR_MONTH.matcher(value).matches()) {
      return YearMonth.parse(value).atDay(1).atStartOfDay(ZONE).toInstant();
    }
    if (DATE.matcher(value).matches()) {
      return LocalDate.parse(value).atStartOfDay(ZONE).toInstant();
    }
    return offsetDateTime(value).toInstant();
  }

  /**
   * The first instant after the span {@code value} covers: the next day's midnight UK time for a
   * date, the next second for a time given to the second.
   *
   * @throws DateTimeException with a sentence when it is not a FHIR dateTime
   */
  static Instant endExclusive(String value) {
    if (YEAR.matcher(value).matches()) {
      return Year.parse(value).plusYears(1).atDay(1).atStartOfDay(ZONE).toInstant();
    }
    if (YEAR_MONTH.matcher(value).matches()) {
      return YearMonth.parse(value).plusMonths(1).atDay(1).atStartOfDay(ZONE).toInstant();
    }
    if (DATE.matcher(value).matches()) {
      return LocalDate.parse(value).plusDays(1).atStartOfDay(ZONE).toInstant();
    }
    return offsetDateTime(value).toInstant().plus(precisionOf(value));
  }

  /**
   * A calendar date ({@code YYYY-MM-DD}), as in a {@code valueDate}.
   *
   * @throws DateTimeException with a sentence when it is not a full date
   */
  static LocalDate date(String value) {
    if (!DATE.matcher(value).matches()) {
      throw new DateTimeException("it is not a full date (YYYY-MM-DD)");
    }
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      throw new DateTimeException("it is not a valid date");
    }
  }

  private static OffsetDateTime offsetDateTime(String value) {
    try {
      return OffsetDateTime.parse(value);
    } catch (DateTimeParseException e) {
      if (hasNoZone(value)) {
        throw new DateTimeException(
            "it has a time but no time zone (FHIR requires one, e.g. +00:00 or Z)");
      }
      throw new DateTimeException("it is not a valid FHIR date or dateTime");
    }
  }

  private static boolean hasNoZone(String value) {
    try {
      LocalDateTime.parse(value);
      return true;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  /** One unit of the finest field written: a minute, a second or a fraction of one. */
  private static Duration precisionOf(String value) {
    String time = value.substring(value.indexOf('T') + 1);
    int zone = time.length();
    for (int i = 0; i < time.length(); i++) {
      char c = time.charAt(i);
      if (c == 'Z' || c == 'z' || c == '+' || c == '-') {
        zone = i;
        break;
      }
    }
    String local = time.substring(0, zone);
    int dot = local.indexOf('.');
    if (dot >= 0) {
      int digits = local.length() - dot - 1;
      return Duration.ofNanos((long) Math.pow(10, 9 - digits));
    }
    return local.length() <= "hh:mm".length() ? Duration.ofMinutes(1) : Duration.ofSeconds(1);
  }
}
