package org.concordat.protocols.ledger;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * The pseudonym a ledger entry carries for the person it is about, as {@link SubjectKeys} derives
 * it from the person's NHS number and {@link SubjectSalt}: 64 lower-case hex digits. Its own type
 * so that it cannot be swapped with the broker's {@code LookupKey}, which must never reach the
 * ledger (deleting the salt would not unlink it).
 *
 * @param value 64 lower-case hex digits, exactly as written in the entry's {@code "subject"} member
 */
public record SubjectKey(String value) {
  private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

  public SubjectKey {
    Objects.requireNonNull(value, "value");
    if (!HEX.matcher(value).matches()) {
      throw new IllegalArgumentException(
          "The subject key is a keyed hash (64 lower-case hex digits), never an NHS number in"
              + " clear");
    }
  }

  /** The type and the first eight digits only: enough to tell two apart, too little to join on. */
  @Override
  public String toString() {
    return "SubjectKey[" + value.substring(0, 8) + "...]";
  }
}
