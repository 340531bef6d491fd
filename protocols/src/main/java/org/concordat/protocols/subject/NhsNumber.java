package org.concordat.protocols.subject;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A valid NHS number: ten digits whose last is the modulus 11 check digit of the first nine.
 *
 * <p>The number is personal data, so {@link #toString()} masks it; use {@link #value()} where the
 * clear value is needed and never log it.
 */
public record NhsNumber(String value) {

  public NhsNumber {
    Objects.requireNonNull(value, "NHS number");
    String problem = problemWith(value);
    if (problem != null) {
      throw new InvalidNhsNumberException(problem);
    }
  }

  /**
   * Reads an NHS number as people write it: spaces and hyphens between digit groups are ignored.
   *
   * @throws InvalidNhsNumberException with a sentence saying what is wrong
   */
  public static NhsNumber parse(@Nullable String raw) {
    if (raw == null || raw.isBlank()) {
      throw new InvalidNhsNumberException("The NHS number is missing");
    }
    return new NhsNumber(raw.strip().replace(" ", "").replace("-", ""));
  }

  /** Whether {@code raw} would parse, without the cost of an exception. */
  public static boolean isValid(@Nullable String raw) {
    return raw != null && problemWith(raw.strip().replace(" ", "").replace("-", "")) == null;
  }

  private static @Nullable String problemWith(String digits) {
    if (digits.length() != 10) {
      return "An NHS number has 10 digits; this one has " + digits.length() + " characters";
    }
    int sum = 0;
    for (int i = 0; i < 10; i++) {
      char c = digits.charAt(i);
      if (c < '0' || c > '9') {
        return "An NHS number has only digits; this one has '" + c + "' at position " + (i + 1);
      }
      if (i < 9) {
        sum += (c - '0') * (10 - i);
      }
    }
    int check = 11 - (sum % 11);
    if (check == 11) {
      check = 0;
    }
    if (check == 10 || check != digits.charAt(9) - '0') {
      return "The NHS number fails its modulus 11 check digit";
    }
    return null;
  }

  @Override
  public String toString() {
    return "NhsNumber[******" + value.substring(6) + "]";
  }
}
