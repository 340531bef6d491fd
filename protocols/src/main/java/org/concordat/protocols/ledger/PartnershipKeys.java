package org.concordat.protocols.ledger;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import org.concordat.protocols.crypto.Hkdf;
import org.concordat.protocols.subject.LookupKeys;

/**
 * The two keyed hashes made from the partnership secret: {@link SubjectKeys} for the ledger and
 * {@link LookupKeys} for the broker's store, built under one {@link SubjectKeyScheme}. Under {@link
 * SubjectKeyScheme#HKDF_V2} each has its own key, so neither HMAC's outputs say anything about the
 * other's.
 */
public final class PartnershipKeys {
  /** HKDF info label of the subject key's HMAC key (ASCII). */
  public static final String SUBJECT_KEY_LABEL = "concordat subject-key v2";

  /** HKDF info label of the lookup key's HMAC key (ASCII). */
  public static final String LOOKUP_KEY_LABEL = "concordat lookup-key v2";

  /** The shortest partnership secret accepted: the HMAC-SHA-256 output size. */
  public static final int MIN_SECRET_SIZE = 32;

  private static final int KEY_SIZE = 32;

  private final SubjectKeyScheme scheme;
  private final SubjectKeys subjectKeys;
  private final LookupKeys lookupKeys;

  private PartnershipKeys(SubjectKeyScheme scheme, SubjectKeys subjectKeys, LookupKeys lookupKeys) {
    this.scheme = scheme;
    this.subjectKeys = subjectKeys;
    this.lookupKeys = lookupKeys;
  }

  /**
   * The keyed hashes of {@code partnershipSecret} under {@code scheme}.
   *
   * @param partnershipSecret at least 32 secret bytes, the same on all of the partnership's nodes
   */
  public static PartnershipKeys of(byte[] partnershipSecret, SubjectKeyScheme scheme) {
    Objects.requireNonNull(partnershipSecret, "partnershipSecret");
    Objects.requireNonNull(scheme, "scheme");
    if (partnershipSecret.length < MIN_SECRET_SIZE) {
      throw new IllegalArgumentException(
          "The partnership secret is at least " + MIN_SECRET_SIZE + " bytes");
    }
    return switch (scheme) {
      case LEGACY ->
          new PartnershipKeys(
              scheme, new SubjectKeys(partnershipSecret), new LookupKeys(partnershipSecret));
      case HKDF_V2 -> {
        byte[] subjectKey = derive(partnershipSecret, SUBJECT_KEY_LABEL);
        byte[] lookupKey = derive(partnershipSecret, LOOKUP_KEY_LABEL);
        try {
          yield new PartnershipKeys(scheme, new SubjectKeys(subjectKey), new LookupKeys(lookupKey));
        } finally {
          Arrays.fill(subjectKey, (byte) 0);
          Arrays.fill(lookupKey, (byte) 0);
        }
      }
    };
  }

  private static byte[] derive(byte[] secret, String label) {
    return Hkdf.derive(null, secret, label.getBytes(StandardCharsets.US_ASCII), KEY_SIZE);
  }

  public SubjectKeyScheme scheme() {
    return scheme;
  }

  /** The ledger's subject keys. */
  public SubjectKeys subjectKeys() {
    return subjectKeys;
  }

  /** The broker store's lookup keys. */
  public LookupKeys lookupKeys() {
    return lookupKeys;
  }

  @Override
  public String toString() {
    return "PartnershipKeys[" + scheme.code() + ", secret hidden]";
  }
}
