package org.concordat.protocols.sharing;

import java.util.Objects;
import java.util.regex.Pattern;

/** A partner's NHS Organisation Data Service code, the identity of a party in a partnership. */
public record OdsCode(String value) implements Comparable<OdsCode> {
  private static final Pattern FORMAT = Pattern.compile("[A-Z0-9]{3,10}");

  public OdsCode {
    Objects.requireNonNull(value, "ODS code");
    if (!FORMAT.matcher(value).matches()) {
      throw new IllegalArgumentException(
          "An ODS code is 3 to 10 upper-case letters or digits, not '" + value + "'");
    }
  }

  public static OdsCode of(String value) {
    return new OdsCode(value);
  }

  @Override
  public int compareTo(OdsCode other) {
    return value.compareTo(other.value);
  }

  @Override
  public String toString() {
    return value;
  }
}
