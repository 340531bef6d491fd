package org.concordat.protocols.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import org.concordat.protocols.keys.VerifierKey;
import org.concordat.protocols.sharing.OdsCode;
import org.concordat.protocols.sharing.ProtocolRef;
import org.concordat.protocols.sharing.PurposeCode;
import org.concordat.protocols.subject.NhsNumber;
import org.junit.jupiter.api.Test;

/** The entry types beyond disclosures, and the pinned bytes of the existing ones. */
class EntryBodiesTest {
  static final Instant TIME = Instant.parse("2026-03-02T10:15:30.123Z");
  static final SubjectKey SUBJECT = new SubjectKey("5f".repeat(32));
  static final Actor ACTOR = new Actor("smartcard-555123", "R8000 Clinical Practitioner");

  @Test
  void keepsTheBytesOfExistingDisclosureEntries() throws Exception {
    try (InputStream in =
        Objects.requireNonNull(getClass().getResourceAsStream("/vectors/ledger/entries.json"))) {
      JsonNode first = new ObjectMapper().readTree(in).get(0);
      byte[] bytes = first.get("entry").asText().getBytes(StandardCharsets.UTF_8);
      LedgerEntry entry = LedgerEntry.parse(bytes);
      assertThat(entry.body()).isInstanceOf(DisclosureBody.class);
      assertThat(entry.disclosureBody().messageId()).isEqualTo("msg-0001");
      assertThat(entry.canonicalBytes()).isEqualTo(bytes);
      // Pinned: the leaf hash this vector had before entry bodies were generalised.
      assertThat(HexFormat.of().formatHex(entry.leafHash()))
          .isEqualTo("d89c50224f01424c7067a6b926a1e99c2cc72dd1d93a74be07c9d476fb0efdb2");
    }
  }

  @Test
  void writesAndReadsAConsentChange() {
    LedgerEntry entry =
        new LedgerEntry(
            7,
            TIME,
            EntryType.CONSENT_CHANGE,
            new ConsentChangeBody(
                SUBJECT,
                "Consent/c-81/_history/2",
                "aa".repeat(32),
                ConsentChangeBody.Change.WITHDRAWN));
    assertThat(text(entry))
        .isEqualTo(
            "{\"body\":{\"change\":\"withdrawn\",\"directive\":\"Consent/c-81/_history/2\","
                + "\"directiveSha256\":\""
                + "aa".repeat(32)
                + "\",\"subject\":\""
                + SUBJECT.value()
                + "\"},\"index\":7,\"time\":\"2026-03-02T10:15:30.123Z\","
                + "\"type\":\"consent-change\",\"v\":1}");
    assertRoundTrips(entry);
    assertThat(entry.body().subjectKey()).contains(SUBJECT);
  }

  @Test
  void writesAndReadsABreakGlassGrantAndReviewWithTheReasonAsADigest() {
    ReasonDigest reason = ReasonDigest.of("Unconscious in ED; GP record needed for allergies.");
    LedgerEntry grant =
        new LedgerEntry(
            8,
            TIME,
            EntryType.BREAK_GLASS_GRANT,
            new BreakGlassGrantBody(
                "bg-0001",
                ACTOR,
                SUBJECT,
                OdsCode.of("RXA"),
                PurposeCode.of("direct-care"),
                OdsCode.of("RXM"),
                reason,
                TIME.plusSeconds(4 * 3600)));
    assertRoundTrips(grant);
    assertThat(text(grant))
        .contains("\"reason\":{\"length\":50,\"sha256\":\"" + reason.sha256() + "\"}")
        .contains("\"expires\":\"2026-03-02T14:15:30.123Z\"")
        .doesNotContain("Unconscious");
    assertThat(reason.matches("Unconscious in ED; GP record needed for allergies.")).isTrue();

    LedgerEntry review =
        new LedgerEntry(
            9,
            TIME,
            EntryType.BREAK_GLASS_REVIEW,
            new BreakGlassReviewBody(
                "bg-0001",
                new Actor("ig-lead-02", "Caldicott Guardian"),
                SUBJECT,
                PurposeCode.of("direct-care"),
                OdsCode.of("RXA"),
                ReasonDigest.of("Justified: emergency admission."),
                BreakGlassReviewBody.Outcome.APPROPRIATE));
    assertRoundTrips(review);
    assertThat(text(review)).contains("\"outcome\":\"appropriate\"");
  }

  @Test
  void writesAndReadsABreakGlassRevocationByAPersonOrByAnInappropriateReview() {
    ReasonDigest reason = ReasonDigest.of("The emergency is over: the person can be asked.");
    LedgerEntry byPerson =
        new LedgerEntry(
            10,
            TIME,
            EntryType.BREAK_GLASS_REVOCATION,
            new BreakGlassRevocationBody(
                "bg-0001",
                ACTOR,
                SUBJECT,
                PurposeCode.of("direct-care"),
                OdsCode.of("RXM"),
                reason,
                null));
    assertRoundTrips(byPerson);
    assertThat(text(byPerson))
        .contains("\"type\":\"break-glass-revocation\"")
        .doesNotContain("reviewIndex")
        .doesNotContain("emergency is over");
    assertThat(byPerson.body().subjectKey()).contains(SUBJECT);

    LedgerEntry byReview =
        new LedgerEntry(
            11,
            TIME,
            EntryType.BREAK_GLASS_REVOCATION,
            new BreakGlassRevocationBody(
                "bg-0001",
                new Actor("ig-lead-02", "ig"),
                SUBJECT,
                PurposeCode.of("direct-care"),
                OdsCode.of("RXM"),
                ReasonDigest.of("Not an emergency: the person could have been asked."),
                9L));
    assertRoundTrips(byReview);
    assertThat(text(byReview)).contains("\"reviewIndex\":9");
  }

  @Test
  void writesAndReadsProtocolEventsAndKeyRotations() {
    ProtocolEventBody event =
        new ProtocolEventBody(
            new ProtocolRef("northmoor-integrated-care", "1.0.0", "ab".repeat(32)),
            OdsCode.of("XLA001"),
            ACTOR,
            "Suspended pending DSPT renewal");
    for (EntryType type :
        List.of(
            EntryType.PROTOCOL_SIGNED,
            EntryType.PROTOCOL_SUSPENDED,
            EntryType.PROTOCOL_WITHDRAWN,
            EntryType.PARTY_REINSTATED)) {
      LedgerEntry entry = new LedgerEntry(10, TIME, type, event);
      assertRoundTrips(entry);
      assertThat(text(entry)).contains("\"type\":\"" + type.wireName() + "\"");
      assertThat(entry.body().subjectKey()).isEmpty();
    }
    VerifierKey oldKey =
        VerifierKey.of("concordat.example/ledger", Ed25519TestKey.fromSeed("a", 1).publicKey());
    VerifierKey newKey =
        VerifierKey.of("concordat.example/ledger", Ed25519TestKey.fromSeed("b", 2).publicKey());
    LedgerEntry rotation =
        new LedgerEntry(
            11, TIME, EntryType.KEY_ROTATION, KeyRotationBody.replacing(oldKey).with(newKey));
    assertRoundTrips(rotation);
    assertThat(text(rotation))
        .startsWith(
            "{\"body\":{\"newKey\":\"" + newKey.text() + "\",\"oldKey\":\"" + oldKey.text());
    assertThatThrownBy(() -> KeyRotationBody.replacing(oldKey).with(oldKey))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusesABodyThatDoesNotFitTheType() {
    ConsentChangeBody consent =
        new ConsentChangeBody(
            SUBJECT, "Consent/1", "aa".repeat(32), ConsentChangeBody.Change.CREATED);
    assertThatThrownBy(() -> new LedgerEntry(1, TIME, EntryType.DISCLOSURE, consent))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("disclosure entry cannot have a ConsentChangeBody");
    assertThatThrownBy(
            () -> new LedgerEntry(1, TIME, EntryType.CONSENT_CHANGE, consent).disclosureBody())
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void refusesAnUnknownChangeKindOnRead() {
    String bytes =
        "{\"body\":{\"change\":\"deleted\",\"directive\":\"Consent/1\",\"directiveSha256\":\""
            + "aa".repeat(32)
            + "\",\"subject\":\""
            + SUBJECT.value()
            + "\"},\"index\":7,\"time\":\"2026-03-02T10:15:30.123Z\",\"type\":\"consent-change\",\"v\":1}";
    assertThatThrownBy(() -> LedgerEntry.parse(bytes.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(InvalidLedgerEntryException.class)
        .hasMessageContaining("created, updated or withdrawn");
  }

  @Test
  void derivesSubjectKeysThatTheSaltUnlinks() throws Exception {
    SubjectKeys keys = new SubjectKeys(new byte[32]);
    NhsNumber subject = NhsNumber.parse("999 000 0018".replace("0018", nhsTail()));
    SubjectSalt salt = new SubjectSalt(new byte[16]);
    SubjectKey key = keys.subjectKey(subject, salt);
    assertThat(key.value()).matches("[0-9a-f]{64}");
    assertThat(key).isEqualTo(keys.subjectKey(subject, new SubjectSalt(new byte[16])));
    byte[] otherSalt = new byte[16];
    otherSalt[0] = 1;
    assertThat(keys.subjectKey(subject, new SubjectSalt(otherSalt))).isNotEqualTo(key);
    // Known answer: HMAC-SHA-256(key = 32 zero bytes, 16 zero bytes || ASCII digits).
    javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
    mac.init(new javax.crypto.spec.SecretKeySpec(new byte[32], "HmacSHA256"));
    mac.update(new byte[16]);
    assertThat(key.value())
        .isEqualTo(
            HexFormat.of()
                .formatHex(mac.doFinal(subject.value().getBytes(StandardCharsets.US_ASCII))));
    assertThat(salt.toString()).doesNotContain("0");
    assertThatThrownBy(() -> new SubjectKeys(new byte[31]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new SubjectSalt(new byte[15]))
        .isInstanceOf(IllegalArgumentException.class);
  }

  /** A tail that makes 999000xxxx pass the modulus 11 check. */
  private static String nhsTail() {
    for (int i = 0; i < 1000; i++) {
      String candidate = "999000" + String.format("%03d", i);
      for (int check = 0; check <= 9; check++) {
        if (NhsNumber.isValid(candidate + check)) {
          return (candidate + check).substring(6);
        }
      }
    }
    throw new IllegalStateException();
  }

  private static String text(LedgerEntry entry) {
    return new String(entry.canonicalBytes(), StandardCharsets.UTF_8);
  }

  private static void assertRoundTrips(LedgerEntry entry) {
    byte[] bytes = entry.canonicalBytes();
    LedgerEntry parsed = LedgerEntry.parse(bytes);
    assertThat(parsed).isEqualTo(entry);
    assertThat(parsed.canonicalBytes()).isEqualTo(bytes);
  }
}
