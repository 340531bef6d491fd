package org.concordat.protocols.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Stream;
import org.concordat.protocols.decision.Decision;
import org.concordat.protocols.decision.DecisionEngine;
import org.concordat.protocols.decision.DecisionRequest;
import org.concordat.protocols.sharing.CategoryCode;
import org.concordat.protocols.sharing.OdsCode;
import org.concordat.protocols.sharing.ProtocolFixture;
import org.concordat.protocols.sharing.PurposeCode;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class LedgerEntryTest {
  static final SubjectKey SUBJECT = new SubjectKey("5f".repeat(32));
  static final String PAYLOAD = "c3".repeat(32);

  record Vector(String entry, String leafHash, boolean wantErr) {}

  static Stream<Named<Vector>> vectors() throws IOException {
    try (InputStream in =
        Objects.requireNonNull(
            LedgerEntryTest.class.getResourceAsStream("/vectors/ledger/entries.json"))) {
      List<Named<Vector>> vectors = new ArrayList<>();
      for (JsonNode v : new ObjectMapper().readTree(in)) {
        vectors.add(
            Named.of(
                v.get("desc").asText(),
                new Vector(
                    v.get("entry").asText(),
                    v.path("leafHash").asText(""),
                    v.get("wantErr").asBoolean())));
      }
      return vectors.stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void readsOnlyCanonicalEntries(Vector vector) {
    byte[] bytes = vector.entry().getBytes(StandardCharsets.UTF_8);
    if (vector.wantErr()) {
      assertThatThrownBy(() -> LedgerEntry.parse(bytes))
          .isInstanceOf(InvalidLedgerEntryException.class);
      return;
    }
    LedgerEntry entry = LedgerEntry.parse(bytes);
    assertThat(entry.canonicalBytes()).isEqualTo(bytes);
    assertThat(HexFormat.of().formatHex(entry.leafHash())).isEqualTo(vector.leafHash());
  }

  private static DecisionRequest request(String to, String... categories) {
    return new DecisionRequest(
        OdsCode.of("RXA"),
        OdsCode.of(to),
        PurposeCode.of("hospital-discharge"),
        Stream.of(categories).map(CategoryCode::of).collect(java.util.stream.Collectors.toSet()),
        Instant.parse("2026-03-02T10:15:30.123456Z"));
  }

  private static final DecisionEngine ENGINE =
      new DecisionEngine(ProtocolFixture.examplePartnership());

  @Test
  void recordsADecisionAndRoundTripsExactly() {
    DecisionRequest request = request("XLA001", "demographics", "encounter", "contacts");
    Decision decision = ENGINE.decide(request);
    DisclosureBody body = DisclosureBody.of("msg-0001", SUBJECT, request, decision, PAYLOAD);
    LedgerEntry entry = new LedgerEntry(41, request.at(), EntryType.DISCLOSURE, body);

    assertThat(body.decision()).isEqualTo("permit-with-redactions");
    assertThat(body.disclosed())
        .isEqualTo(Set.of(CategoryCode.of("demographics"), CategoryCode.of("encounter")));
    assertThat(body.withheld()).containsOnlyKeys(CategoryCode.of("contacts"));
    assertThat(body.protocol()).isEqualTo(ENGINE.protocol().ref());

    byte[] bytes = entry.canonicalBytes();
    LedgerEntry parsed = LedgerEntry.parse(bytes);
    assertThat(parsed).isEqualTo(entry);
    assertThat(parsed.canonicalBytes()).isEqualTo(bytes);
    assertThat(new String(bytes, StandardCharsets.UTF_8))
        .startsWith("{\"body\":{\"decision\":\"permit-with-redactions\",")
        .contains("\"disclosed\":[\"demographics\",\"encounter\"]")
        .endsWith(
            ",\"index\":41,\"time\":\"2026-03-02T10:15:30.123Z\",\"type\":\"disclosure\",\"v\":1}");
  }

  @Test
  void recordsADenialWithoutPayloadOrDisclosedCategories() {
    DecisionRequest request = request("XVO001", "demographics");
    DisclosureBody body =
        DisclosureBody.of("msg-0002", SUBJECT, request, ENGINE.decide(request), PAYLOAD);
    assertThat(body.decision()).isEqualTo("deny");
    assertThat(body.payloadSha256()).isNull();
    assertThat(body.disclosed()).isEmpty();
    LedgerEntry entry = new LedgerEntry(0, request.at(), EntryType.DENIAL, body);
    assertThat(LedgerEntry.parse(entry.canonicalBytes())).isEqualTo(entry);
    assertThat(new String(entry.canonicalBytes(), StandardCharsets.UTF_8))
        .contains("\"payloadSha256\":null");
  }

  @Test
  void truncatesTimeToTheMillisecond() {
    DecisionRequest request = request("XVO001", "demographics");
    DisclosureBody body = DisclosureBody.of("m", SUBJECT, request, ENGINE.decide(request), null);
    LedgerEntry entry =
        new LedgerEntry(0, Instant.parse("2026-03-02T10:15:30.123999Z"), EntryType.DENIAL, body);
    assertThat(entry.time()).isEqualTo(Instant.parse("2026-03-02T10:15:30.123Z"));
    assertThat(
            new LedgerEntry(0, Instant.parse("2026-03-02T10:15:30Z"), EntryType.DENIAL, body)
                .canonicalBytes())
        .asString(StandardCharsets.UTF_8)
        .contains("\"time\":\"2026-03-02T10:15:30.000Z\"");
  }

  @Test
  void refusesANegativeIndexAndAMismatchedType() {
    DecisionRequest request = request("XVO001", "demographics");
    DisclosureBody denial = DisclosureBody.of("m", SUBJECT, request, ENGINE.decide(request), null);
    Instant at = request.at();
    assertThatThrownBy(() -> new LedgerEntry(-1, at, EntryType.DENIAL, denial))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new LedgerEntry(0, at, EntryType.DISCLOSURE, denial))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusesAPermitWithoutAPayloadHash() {
    DecisionRequest request = request("XLA001", "demographics");
    Decision decision = ENGINE.decide(request);
    assertThatThrownBy(() -> DisclosureBody.of("m", SUBJECT, request, decision, null))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusesASubjectThatIsNotAKeyedHash() {
    DecisionRequest request = request("XVO001", "demographics");
    Decision decision = ENGINE.decide(request);
    assertThatThrownBy(
            () -> DisclosureBody.of("m", new SubjectKey("9990000018"), request, decision, null))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("never an NHS number");
  }

  @Test
  void namesEntryTypesOnTheWire() {
    assertThat(EntryType.fromWireName("delivery-failed")).isEqualTo(EntryType.DELIVERY_FAILED);
    for (EntryType type : EntryType.values()) {
      assertThat(EntryType.fromWireName(type.wireName())).isEqualTo(type);
    }
    assertThatThrownBy(() -> EntryType.fromWireName("break-glass"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @org.junit.jupiter.api.Test
  void theSplicedCanonicalFormIsTheCanonicalFormOfTheWholeEntry() throws Exception {
    for (LedgerEntry entry : java.util.List.of(sampleForSplice(0), sampleForSplice(123_456_789L))) {
      com.fasterxml.jackson.databind.node.ObjectNode tree =
          (com.fasterxml.jackson.databind.node.ObjectNode)
              new com.fasterxml.jackson.databind.ObjectMapper().readTree(entry.canonicalBytes());
      assertThat(entry.canonicalBytes())
          .isEqualTo(org.concordat.protocols.canonical.CanonicalJson.canonicalize(tree));
      assertThat(new String(entry.canonicalBytes(), java.nio.charset.StandardCharsets.UTF_8))
          .startsWith("{\"body\":{")
          .endsWith(",\"type\":\"consent-change\",\"v\":1}")
          .contains(",\"index\":" + entry.index() + ",\"time\":\"2026-03-02T10:15:30.123Z\"");
    }
  }

  private static LedgerEntry sampleForSplice(long index) {
    return new LedgerEntry(
        index,
        java.time.Instant.parse("2026-03-02T10:15:30.123Z"),
        EntryType.CONSENT_CHANGE,
        new ConsentChangeBody(
            new SubjectKey("c".repeat(64)),
            "Consent/x/_history/1",
            "d".repeat(64),
            ConsentChangeBody.Change.CREATED));
  }
}
