package org.concordat.protocols.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/** Strict field access for reading ledger JSON: every member present, no unknown member. */
final class Json {
  private Json() {}

  static void members(JsonNode node, String what, Set<String> expected) {
    members(node, what, expected, Set.of());
  }

  /** Like {@link #members(JsonNode, String, Set)}, with members that may also be absent. */
  static void members(JsonNode node, String what, Set<String> required, Set<String> optional) {
    if (node == null || !node.isObject()) {
      throw new InvalidLedgerEntryException("The " + what + " is a JSON object");
    }
    Set<String> actual = new HashSet<>();
    node.fieldNames().forEachRemaining(actual::add);
    Set<String> expected = new HashSet<>(required);
    for (String member : optional) {
      if (actual.contains(member)) {
        expected.add(member);
      }
    }
    if (!actual.equals(expected)) {
      Set<String> missing = new HashSet<>(expected);
      missing.removeAll(actual);
      Set<String> unknown = new HashSet<>(actual);
      unknown.removeAll(expected);
      throw new InvalidLedgerEntryException(
          "The " + what + " has missing members " + missing + " and unknown members " + unknown);
    }
  }

  static String text(JsonNode node, String member) {
    JsonNode value = node.get(member);
    if (value == null || !value.isTextual()) {
      throw new InvalidLedgerEntryException("'" + member + "' is a string");
    }
    return value.textValue();
  }

  static JsonNode array(JsonNode node, String member) {
    JsonNode value = node.get(member);
    if (value == null || !value.isArray()) {
      throw new InvalidLedgerEntryException("'" + member + "' is an array");
    }
    return value;
  }

  static final Pattern HEX_SHA256 = Pattern.compile("[0-9a-f]{64}");
  static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
  private static final Pattern TIME_FORMAT =
      Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
  private static final Instant EARLIEST = Instant.parse("0000-01-01T00:00:00Z");
  private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");
  static final int MAX_LABEL = 200;

  /** A 64-digit lower-case hex SHA-256 (or HMAC-SHA-256). */
  static void requireHex(String value, String what) {
    Objects.requireNonNull(value, what);
    if (!HEX_SHA256.matcher(value).matches()) {
      throw new IllegalArgumentException(what + " is 64 lower-case hex digits");
    }
  }

  /** A short identifier or name: not blank, one line, at most 200 characters. */
  static void requireLabel(String value, String what) {
    Objects.requireNonNull(value, what);
    if (value.isBlank() || value.length() > MAX_LABEL) {
      throw new IllegalArgumentException(what + " is 1 to " + MAX_LABEL + " characters");
    }
    requireOneLine(value, what);
  }

  static void requireOneLine(String value, String what) {
    for (int i = 0; i < value.length(); i++) {
      if (value.charAt(i) < 0x20) {
        throw new IllegalArgumentException(what + " has no control characters or line breaks");
      }
    }
  }

  /** A time kept to the millisecond in the years 0000 to 9999, as entries write it. */
  static Instant millis(Instant time, String what) {
    Objects.requireNonNull(time, what);
    Instant truncated = time.truncatedTo(ChronoUnit.MILLIS);
    if (truncated.isBefore(EARLIEST) || truncated.isAfter(LATEST)) {
      throw new IllegalArgumentException(what + " is in the years 0000 to 9999");
    }
    return truncated;
  }

  static Instant time(JsonNode node, String member) {
    String text = text(node, member);
    if (!TIME_FORMAT.matcher(text).matches()) {
      throw new InvalidLedgerEntryException(
          "'" + member + "' is UTC to the millisecond, e.g. 2026-03-01T09:30:00.000Z");
    }
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw new InvalidLedgerEntryException("'" + member + "' is not a valid instant", e);
    }
  }

  static long whole(JsonNode node, String member) {
    JsonNode value = node.get(member);
    if (value == null || !value.isIntegralNumber() || !value.canConvertToLong()) {
      throw new InvalidLedgerEntryException("'" + member + "' is a whole number");
    }
    return value.longValue();
  }
}
