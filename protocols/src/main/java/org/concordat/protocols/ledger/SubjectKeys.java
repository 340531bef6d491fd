package org.concordat.protocols.ledger;

import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.concordat.protocols.subject.NhsNumber;

/**
 * Derives the {@link SubjectKey} that ledger entries carry instead of a person's NHS number:
 * lower-case hex HMAC-SHA-256, under the subject key's HMAC key (see {@link PartnershipKeys}), of
 * the person's {@link SubjectSalt} followed by the ten ASCII digits of the NHS number.
 *
 * <p>Without the HMAC key the subject key cannot be reversed by trying all NHS numbers. Without the
 * salt it cannot be recomputed at all, even with the key: the salt is held outside the ledger, so
 * deleting it (erasure) leaves entries that no one can link back to the person, while every entry's
 * bytes, and so the Merkle tree and its checkpoints, stay exactly as they were.
 */
public final class SubjectKeys {
  private static final String ALGORITHM = "HmacSHA256";

  /** The shortest HMAC key accepted: the HMAC-SHA-256 output size. */
  public static final int MIN_SECRET_SIZE = 32;

  private final SecretKeySpec secret;

  /**
   * @param hmacKey at least 32 secret bytes, the same on all of the partnership's broker nodes
   */
  public SubjectKeys(byte[] hmacKey) {
    Objects.requireNonNull(hmacKey, "hmacKey");
    if (hmacKey.length < MIN_SECRET_SIZE) {
      throw new IllegalArgumentException(
          "The subject key's HMAC key is at least " + MIN_SECRET_SIZE + " bytes");
    }
    this.secret = new SecretKeySpec(hmacKey.clone(), ALGORITHM);
  }

  /** The subject key of {@code subject} under its {@code salt}. */
  public SubjectKey subjectKey(NhsNumber subject, SubjectSalt salt) {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(salt, "salt");
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(secret);
      mac.update(salt.unsafeValue());
      return new SubjectKey(
          HexFormat.of()
              .formatHex(mac.doFinal(subject.value().getBytes(StandardCharsets.US_ASCII))));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HMAC-SHA-256 is not available in this JVM", e);
    }
  }

  @Override
  public String toString() {
    return "SubjectKeys[secret hidden]";
  }
}
