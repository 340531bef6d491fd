package org.concordat.protocols.sharing;

import java.util.Objects;
import java.util.regex.Pattern;

/** The code of a data category in a sharing protocol, e.g. {@code demographics}. */
public record CategoryCode(String value) implements Comparable<CategoryCode> {
  private static final Pattern FORMAT = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");

  public CategoryCode {
    Objects.requireNonNull(value, "category code");
    if (!FORMAT.matcher(value).matches()) {
      throw new IllegalArgumentException(
          "A category code is lower-case words joined by hyphens, not '" + value + "'");
    }
  }

  public static CategoryCode of(String value) {
    return new CategoryCode(value);
  }

  @Override
  public int compareTo(CategoryCode other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
