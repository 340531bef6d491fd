package org.concordat.protocols.subject;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Turns an NHS number into its {@link LookupKey}: HMAC-SHA-256 of the ten ASCII digits under the
 * lookup key's HMAC key (see {@code PartnershipKeys}). Without that key the lookup key cannot be
 * reversed by trying all ten-digit numbers.
 */
public final class LookupKeys {
  private static final String ALGORITHM = "HmacSHA256";

  /** The shortest HMAC key accepted: the HMAC-SHA-256 output size. */
  public static final int MIN_KEY_SIZE = 32;

  private final SecretKeySpec key;

  /**
   * @param hmacKey at least 32 secret bytes
   */
  public LookupKeys(byte[] hmacKey) {
    Objects.requireNonNull(hmacKey, "hmacKey");
    if (hmacKey.length < MIN_KEY_SIZE) {
      throw new IllegalArgumentException(
          "The lookup key's HMAC key is at least " + MIN_KEY_SIZE + " bytes");
    }
    this.key = new SecretKeySpec(hmacKey.clone(), ALGORITHM);
  }

  /** The lookup key of {@code subject}. */
  public LookupKey lookupKey(NhsNumber subject) {
    Objects.requireNonNull(subject, "subject");
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      return new LookupKey(
          HexFormat.of()
              .formatHex(mac.doFinal(subject.value().getBytes(StandardCharsets.US_ASCII))));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HMAC-SHA-256 is not available in this JVM", e);
    }
  }

  @Override
  public String toString() {
    return "LookupKeys[key hidden]";
  }
}
