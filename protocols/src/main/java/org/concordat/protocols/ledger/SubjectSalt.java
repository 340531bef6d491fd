package org.concordat.protocols.ledger;

import java.security.MessageDigest;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One person's salt for {@link SubjectKeys}: 16 to 64 random bytes, drawn by the broker (the core
 * draws no randomness) and held outside the ledger. Deleting it is how the person's entries are
 * unlinked from them on erasure. Never printed.
 */
public record SubjectSalt(byte[] value) {
  public static final int MIN_SIZE = 16;
  public static final int MAX_SIZE = 64;

  public SubjectSalt {
    Objects.requireNonNull(value, "value");
    if (value.length < MIN_SIZE || value.length > MAX_SIZE) {
      throw new IllegalArgumentException(
          "A subject salt is " + MIN_SIZE + " to " + MAX_SIZE + " bytes, not " + value.length);
    }
    value = value.clone();
  }

  /** A copy of the salt. */
  @Override
  public byte[] value() {
    return value.clone();
  }

  byte[] unsafeValue() {
    return value;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof SubjectSalt that && MessageDigest.isEqual(value, that.value);
  }

  @Override
  public int hashCode() {
    return value.length;
  }

  @Override
  public String toString() {
    return "SubjectSalt[hidden]";
  }
}
