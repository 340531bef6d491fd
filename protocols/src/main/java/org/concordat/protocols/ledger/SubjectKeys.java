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
 * The subject key that ledger entries carry instead of a person's NHS number: lower-case hex
 * HMAC-SHA-256 under the partnership secret of the person's {@link SubjectSalt} followed by the ten
 * ASCII digits of the NHS number.
 *
 * <p>Without the secret the key cannot be reversed by trying all NHS numbers. Without the salt it
 * cannot be recomputed at all, even with the secret: the salt is held outside the ledger, so
 * deleting it (erasure) leaves entries that no one can link back to the person, while every entry's
 * bytes, and so the Merkle tree and its checkpoints, stay exactly as they were.
 */
public final class SubjectKeys {
  private static final String ALGORITHM = "HmacSHA256";

  /** The shortest partnership secret accepted: the HMAC-SHA-256 output size. */
  public static final int MIN_SECRET_SIZE = 32;

  private final SecretKeySpec secret;

  /**
   * @param partnershipSecret at least 32 secret bytes, shared by the partnership's broker nodes
   */
  public SubjectKeys(byte[] partnershipSecret) {
    Objects.requireNonNull(partnershipSecret, "partnershipSecret");
    if (partnershipSecret.length < MIN_SECRET_SIZE) {
      throw new IllegalArgumentException(
          "The partnership secret is at least " + MIN_SECRET_SIZE + " bytes");
    }
    this.secret = new SecretKeySpec(partnershipSecret.clone(), ALGORITHM);
  }

  /** The subject key of {@code subject} under its {@code salt}: 64 lower-case hex digits. */
  public String subjectKey(NhsNumber subject, SubjectSalt salt) {
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(salt, "salt");
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(secret);
      mac.update(salt.unsafeValue());
      return HexFormat.of()
          .formatHex(mac.doFinal(subject.value().getBytes(StandardCharsets.US_ASCII)));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("HMAC-SHA-256 is not available in this JVM", e);
    }
  }

  @Override
  public String toString() {
    return "SubjectKeys[secret hidden]";
  }
}
