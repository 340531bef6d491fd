package org.concordat.protocols.crypto;

import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * HKDF with HMAC-SHA-256 (RFC 5869): turns one secret into several independent keys, one per {@code
 * info} label, so that no key is used for two purposes. Checked against the RFC's test vectors
 * (appendix A, cases 1 to 3).
 */
public final class Hkdf {
  private static final String ALGORITHM = "HmacSHA256";

  /** HashLen: the size of an HMAC-SHA-256 output, and of a pseudorandom key. */
  public static final int HASH_LENGTH = 32;

  /** The most output one expansion may give: 255 blocks (RFC 5869 section 2.3). */
  public static final int MAX_LENGTH = 255 * HASH_LENGTH;

  private Hkdf() {}

  /**
   * HKDF-Extract: the pseudorandom key for {@code inputKeyMaterial}.
   *
   * @param salt optional; null or empty means HashLen zero bytes, as the RFC says
   */
  public static byte[] extract(byte @Nullable [] salt, byte[] inputKeyMaterial) {
    Objects.requireNonNull(inputKeyMaterial, "inputKeyMaterial");
    byte[] key = salt == null || salt.length == 0 ? new byte[HASH_LENGTH] : salt;
    return mac(key).doFinal(inputKeyMaterial);
  }

  /**
   * HKDF-Expand: {@code length} bytes of output keying material for {@code info}.
   *
   * @param pseudorandomKey at least HashLen bytes, normally the output of {@link #extract}
   * @param length 1 to {@link #MAX_LENGTH}
   */
  public static byte[] expand(byte[] pseudorandomKey, byte[] info, int length) {
    Objects.requireNonNull(pseudorandomKey, "pseudorandomKey");
    Objects.requireNonNull(info, "info");
    if (pseudorandomKey.length < HASH_LENGTH) {
      throw new IllegalArgumentException(
          "The pseudorandom key is at least " + HASH_LENGTH + " bytes");
    }
    if (length < 1 || length > MAX_LENGTH) {
      throw new IllegalArgumentException("HKDF gives 1 to " + MAX_LENGTH + " bytes, not " + length);
    }
    Mac mac = mac(pseudorandomKey);
    byte[] output = new byte[length];
    byte[] previous = new byte[0];
    int written = 0;
    for (int counter = 1; written < length; counter++) {
      mac.update(previous);
      mac.update(info);
      mac.update((byte) counter);
      previous = mac.doFinal();
      int take = Math.min(previous.length, length - written);
      System.arraycopy(previous, 0, output, written, take);
      written += take;
    }
    Arrays.fill(previous, (byte) 0);
    return output;
  }

  /** Extract then expand: {@code length} bytes for {@code info} from {@code inputKeyMaterial}. */
  public static byte[] derive(
      byte @Nullable [] salt, byte[] inputKeyMaterial, byte[] info, int length) {
    byte[] pseudorandomKey = extract(salt, inputKeyMaterial);
    try {
      return expand(pseudorandomKey, info, length);
    } finally {
      Arrays.fill(pseudorandomKey, (byte) 0);
    }
  }

  private static Mac mac(byte[] key) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(new SecretKeySpec(key, ALGORITHM));
      return mac;
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HMAC-SHA-256 is not available in this JVM", e);
    }
  }
}
