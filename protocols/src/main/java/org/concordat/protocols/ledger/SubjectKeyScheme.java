package org.concordat.protocols.ledger;

/**
 * How the partnership secret becomes the two HMAC keys of {@link PartnershipKeys}. A broker's store
 * keeps one scheme for ever: subject keys already in the ledger and lookup keys already in the
 * store were made under it, and another would neither verify nor find them.
 */
public enum SubjectKeyScheme {
  /**
   * The partnership secret itself keys both HMACs, with no domain separation: what brokers before
   * version 0.2 did, kept for the stores they wrote.
   */
  LEGACY("legacy"),

  /**
   * Two keys derived from the secret with HKDF-SHA-256 (RFC 5869, no salt) under distinct labels,
   * {@value PartnershipKeys#SUBJECT_KEY_LABEL} and {@value PartnershipKeys#LOOKUP_KEY_LABEL}.
   */
  HKDF_V2("hkdf-v2");

  private final String code;

  SubjectKeyScheme(String code) {
    this.code = code;
  }

  /** The name stored for the scheme, e.g. in the broker's database. */
  public String code() {
    return code;
  }

  /** The scheme stored as {@code code}; unknown names are refused, never guessed. */
  public static SubjectKeyScheme fromCode(String code) {
    for (SubjectKeyScheme scheme : values()) {
      if (scheme.code.equals(code)) {
        return scheme;
      }
    }
    throw new IllegalArgumentException("Unknown subject key scheme '" + code + "'");
  }
}
