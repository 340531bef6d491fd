package org.concordat.protocols.subject;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The broker's index for a person, as {@link LookupKeys} derives it from the NHS number alone: 64
 * lower-case hex digits. It finds the person's salt, consents, opt-out and grants in the broker's
 * store; it never goes into the ledger, since with no salt in it erasure could not unlink it. Its
 * own type so that it cannot be swapped with the ledger's {@code SubjectKey}.
 *
 * @param value 64 lower-case hex digits, as stored in the {@code lookup_key} columns
 */
public record LookupKey(String value) {
  private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

  public LookupKey {
    Objects.requireNonNull(value, "value");
    if (!HEX.matcher(value).matches()) {
      throw new IllegalArgumentException(
          "A lookup key is a keyed hash (64 lower-case hex digits), never an NHS number in clear");
    }
  }

  /** The type and the first eight digits only: enough to tell two apart, too little to join on. */
  @Override
  public String toString() {
    return "LookupKey[" + value.substring(0, 8) + "...]";
  }
}
