package org.concordat.protocols.canonical;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A SHA-256 digest (FIPS 180-4) as a value, and the one place Concordat asks the JDK for SHA-256.
 * Everything hashed here is hashed in exactly these bytes; the static functions serve callers that
 * only need bytes or lower-case hex, {@link #newDigest()} those that hash in parts (Merkle
 * prefixes, key ids) or reuse one instance in a hot loop.
 *
 * <p>Equality compares in constant time, so a digest can be checked against an expected one without
 * leaking how many leading bytes matched.
 *
 * @param bytes the 32 digest bytes (copied in and out)
 */
public record Sha256(byte[] bytes) {
  /** The size of a SHA-256 digest, in bytes. */
  public static final int SIZE = 32;

  private static final HexFormat HEX = HexFormat.of();

  public Sha256 {
    Objects.requireNonNull(bytes, "bytes");
    if (bytes.length != SIZE) {
      throw new IllegalArgumentException(
          "A SHA-256 digest is " + SIZE + " bytes, not " + bytes.length);
    }
    bytes = bytes.clone();
  }

  /** The digest of {@code input}. */
  public static Sha256 of(byte[] input) {
    return new Sha256(digest(input));
  }

  /** The 32 digest bytes of {@code input}. */
  public static byte[] digest(byte[] input) {
    Objects.requireNonNull(input, "input");
    return newDigest().digest(input);
  }

  /** The lower-case hex (64 digits) of the digest of {@code input}. */
  public static String hexOf(byte[] input) {
    return HEX.formatHex(digest(input));
  }

  /**
   * A fresh JDK SHA-256 instance, for hashing in parts or reusing in a loop. Not thread-safe: one
   * per thread or per call.
   */
  public static MessageDigest newDigest() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      // Every Java SE platform must support SHA-256 (MessageDigest's documentation).
      throw new IllegalStateException("SHA-256 is not available in this JVM", e);
    }
  }

  /** A copy of the digest bytes. */
  @Override
  public byte[] bytes() {
    return bytes.clone();
  }

  /** The lower-case hex (64 digits) of this digest. */
  public String hex() {
    return HEX.formatHex(bytes);
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof Sha256 that && MessageDigest.isEqual(bytes, that.bytes);
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(bytes);
  }

  @Override
  public String toString() {
    return "Sha256[" + hex() + "]";
  }
}
