package org.concordat.protocols.subject;

import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Turns an NHS number into the keyed hash (HMAC-SHA-256 under the partnership secret) that the
 * ledger carries instead of the clear value. Without the secret the hash cannot be reversed by
 * trying all ten-digit numbers.
 */
public final class SubjectHasher {
  private static final String ALGORITHM = "HmacSHA256";
  private final SecretKeySpec key;

  public SubjectHasher(byte[] secret) {
    Objects.requireNonNull(secret, "secret");
    if (secret.length < 32) {
      throw new IllegalArgumentException("The subject hashing secret must be at least 32 bytes");
    }
    this.key = new SecretKeySpec(secret.clone(), ALGORITHM);
  }

  /** The lower-case hex HMAC-SHA-256 of the ten digits of {@code subject}. */
  public String hash(NhsNumber subject) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return HexFormat.of()
          .formatHex(
              mac.doFinal(subject.value().getBytes(java.nio.charset.StandardCharsets.US_ASCII)));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HMAC-SHA-256 is not available in this JVM", e);
    }
  }

  @Override
  public String toString() {
    return "SubjectHasher[secret hidden]";
  }
}
