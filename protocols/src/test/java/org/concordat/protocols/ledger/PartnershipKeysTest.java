package org.concordat.protocols.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.concordat.protocols.subject.LookupKey;
import org.concordat.protocols.subject.NhsNumber;
import org.junit.jupiter.api.Test;

/**
 * The two keyed hashes under each scheme. Known answers were computed outside Java, with Python's
 * {@code hmac} and {@code hashlib}: secret = bytes 0x00..0x1f, salt = 16 zero bytes, NHS number
 * 9990000018; LEGACY = HMAC(secret, salt || digits) and HMAC(secret, digits); HKDF_V2 = the same
 * HMACs under HKDF-SHA-256(salt none, IKM secret, info label, 32 bytes) for each label.
 */
class PartnershipKeysTest {
  private static final NhsNumber PERSON = NhsNumber.parse("9990000018");
  private static final SubjectSalt SALT = new SubjectSalt(new byte[16]);

  private static byte[] secret() {
    byte[] secret = new byte[32];
    for (int i = 0; i < secret.length; i++) {
      secret[i] = (byte) i;
    }
    return secret;
  }

  @Test
  void legacyKeysBothHashesWithTheSecretItselfAsBrokersBeforeVersionTwoDid() {
    PartnershipKeys keys = PartnershipKeys.of(secret(), SubjectKeyScheme.LEGACY);

    assertThat(keys.subjectKeys().subjectKey(PERSON, SALT))
        .isEqualTo(
            new SubjectKey("5089ae2dc22fceca31d1b161f55559a157b86fdd75e3b514ab8e792fab73bcf8"));
    assertThat(keys.lookupKeys().lookupKey(PERSON))
        .isEqualTo(
            new LookupKey("a9232021e78b7a864a4be7b89a81babe3a95a4abdbdb0e87bfe585ecabb0d424"));
  }

  @Test
  void hkdfV2KeysEachHashWithItsOwnDerivedKey() {
    PartnershipKeys keys = PartnershipKeys.of(secret(), SubjectKeyScheme.HKDF_V2);

    assertThat(keys.subjectKeys().subjectKey(PERSON, SALT))
        .isEqualTo(
            new SubjectKey("6b37133a1e8efeab144f28f55c5ccfb0d1e54653d5fc0b4690d45bd5244075b9"));
    assertThat(keys.lookupKeys().lookupKey(PERSON))
        .isEqualTo(
            new LookupKey("89d9ae5226c5744d6aa9f424afa17476197fcc0c5471693906f5c12d9b0c531b"));
  }

  @Test
  void refusesAShortSecretUnderEveryScheme() {
    for (SubjectKeyScheme scheme : SubjectKeyScheme.values()) {
      assertThatThrownBy(() -> PartnershipKeys.of(new byte[31], scheme))
          .isInstanceOf(IllegalArgumentException.class);
    }
  }

  @Test
  void namesSchemesByTheirStoredCodeAndRefusesUnknownOnes() {
    assertThat(SubjectKeyScheme.fromCode("legacy")).isEqualTo(SubjectKeyScheme.LEGACY);
    assertThat(SubjectKeyScheme.fromCode("hkdf-v2")).isEqualTo(SubjectKeyScheme.HKDF_V2);
    assertThatThrownBy(() -> SubjectKeyScheme.fromCode("HKDF_V2"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void neverPrintsTheSecretOrAWholeKey() {
    PartnershipKeys keys = PartnershipKeys.of(secret(), SubjectKeyScheme.HKDF_V2);
    String full = "6b37133a1e8efeab144f28f55c5ccfb0d1e54653d5fc0b4690d45bd5244075b9";

    assertThat(keys.toString()).isEqualTo("PartnershipKeys[hkdf-v2, secret hidden]");
    assertThat(new SubjectKey(full).toString())
        .isEqualTo("SubjectKey[6b37133a...]")
        .doesNotContain(full);
    assertThat(new LookupKey(full).toString()).isEqualTo("LookupKey[6b37133a...]");
  }

  @Test
  void subjectAndLookupKeysAreSixtyFourLowerCaseHexDigits() {
    assertThatThrownBy(() -> new SubjectKey("9990000018"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("never an NHS number");
    assertThatThrownBy(() -> new SubjectKey("AB".repeat(32)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new LookupKey("ab".repeat(31)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new LookupKey("9990000018"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("never an NHS number");
  }
}
