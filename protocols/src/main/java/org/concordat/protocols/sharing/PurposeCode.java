package org.concordat.protocols.sharing;

import java.util.Objects;
import java.util.regex.Pattern;

/** The code of a purpose in a sharing protocol, e.g. {@code hospital-discharge}. */
public record PurposeCode(String value) implements Comparable<PurposeCode> {
  private static final Pattern FORMAT = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

  public PurposeCode {
    Objects.requireNonNull(value, "purpose code");
    if (!FORMAT.matcher(value).matches()) {
      throw new IllegalArgumentException(
          "A purpose code is lower-case words joined by hyphens, not '" + value + "'");
    }
  }

  public static PurposeCode of(String value) {
    return new PurposeCode(value);
  }

  @Override
  public int compareTo(PurposeCode other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
