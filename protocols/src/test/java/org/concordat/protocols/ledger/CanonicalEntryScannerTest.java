package org.concordat.protocols.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import org.concordat.protocols.decision.Reason;
import org.concordat.protocols.sharing.CategoryCode;
import org.concordat.protocols.sharing.OdsCode;
import org.concordat.protocols.sharing.ProtocolRef;
import org.concordat.protocols.sharing.PurposeCode;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The verifier's fast path is provably equivalent to {@link LedgerEntry#parse}: it accepts only
 * what {@code parse} accepts (with the same index), and accepts every valid disclosure-family entry
 * ({@code disclosure}, {@code denial}, {@code delivery-failed}, {@code delivery-cancelled}, with or
 * without {@code consents}) except the documented conservative case (a message id or consent
 * reference blank in ASCII), which then goes to {@code parse}.
 */
class CanonicalEntryScannerTest {
  private static final List<String> CATEGORIES =
      List.of("demographics", "encounter", "contacts", "care-plan", "housing", "a", "a-b", "a0");
  private static final byte[] INTERESTING =
      " \"\\,:{}[]0123456789afgAZ-nutlrbe/".getBytes(StandardCharsets.US_ASCII);
  private static final int[] HIGH = {0x00, 0x08, 0x1f, 0x7f, 0x80, 0xbf, 0xc0, 0xc2, 0xe0, 0xed};

  @Provide
  Arbitrary<LedgerEntry> entries() {
    Arbitrary<String> anyText =
        Arbitraries.strings()
            .all()
            .ofMaxLength(40)
            .filter(s -> s.chars().noneMatch(c -> Character.isSurrogate((char) c)));
    Arbitrary<String> text =
        Arbitraries.oneOf(
            anyText,
            Arbitraries.strings().ascii().ofMaxLength(60),
            Arbitraries.of("a\"b", "back\\slash", "tab\there", "nl\n", "\u0001\u001f", "é€😀"));
    Arbitrary<Reason> reason =
        Combinators.combine(
                Arbitraries.of("flow-matched", "legal-basis", "category-not-in-flow", "x9"), text)
            .as(Reason::new);
    Arbitrary<Set<String>> disclosed = Arbitraries.of(CATEGORIES).set().ofMinSize(1).ofMaxSize(4);
    Arbitrary<Set<String>> withheld = Arbitraries.of(CATEGORIES).set().ofMaxSize(4);
    Arbitrary<String> hex = Arbitraries.strings().withChars("0123456789abcdef").ofLength(64);
    Arbitrary<String> label =
        Arbitraries.oneOf(
                text,
                Arbitraries.of(
                    "Consent/3f2a9c1e-8d7b-4e21-9a0f-1c2d3e4f5a6b/_history/2",
                    "BreakGlass/7c1e",
                    " x ",
                    "\u2003",
                    "😀".repeat(100),
                    "é".repeat(200)),
                Arbitraries.strings().ascii().ofMinLength(195).ofMaxLength(200))
            .filter(s -> !s.isBlank() && s.length() <= 200 && s.chars().noneMatch(c -> c < 0x20));
    // Mostly none (the member is then left out), as in most real entries.
    Arbitrary<List<String>> consents =
        Arbitraries.oneOf(Arbitraries.just(List.of()), label.list().ofMinSize(1).ofMaxSize(3));
    Arbitrary<String> ods =
        Arbitraries.strings().withChars("ABCXYZ0189").ofMinLength(3).ofMaxLength(10);
    Arbitrary<DisclosureBody> body =
        Combinators.combine(
                text.filter(s -> !s.isBlank()),
                disclosed,
                withheld,
                reason.list().ofMinSize(1).ofMaxSize(3),
                Arbitraries.of(true, false),
                hex,
                Combinators.combine(ods, ods, text, text, consents).as(Tuple::of))
            .as(
                (messageId, d, w, reasons, deny, h, more) -> {
                  Set<CategoryCode> disclosedCodes =
                      deny
                          ? Set.of()
                          : d.stream().map(CategoryCode::of).collect(Collectors.toSet());
                  Map<CategoryCode, Reason> withheldCodes = new HashMap<>();
                  for (String c : w) {
                    if (!disclosedCodes.contains(CategoryCode.of(c)) && !deny) {
                      withheldCodes.put(CategoryCode.of(c), reasons.get(0));
                    }
                  }
                  String decision =
                      deny ? "deny" : withheldCodes.isEmpty() ? "permit" : "permit-with-redactions";
                  return new DisclosureBody(
                      messageId,
                      OdsCode.of(more.get1()),
                      OdsCode.of(more.get2()),
                      PurposeCode.of("hospital-discharge"),
                      decision,
                      reasons,
                      new ProtocolRef(more.get3(), more.get4(), h),
                      new SubjectKey(h),
                      deny ? null : h,
                      disclosedCodes,
                      withheldCodes,
                      more.get5());
                });
    return Combinators.combine(
            Arbitraries.oneOf(
                Arbitraries.longs().between(0, (1L << 53) - 1), Arbitraries.longs().between(0, 20)),
            Arbitraries.longs()
                .between(0, Instant.parse("9999-12-31T23:59:59.999Z").toEpochMilli())
                .map(Instant::ofEpochMilli),
            body,
            Arbitraries.of(
                EntryType.DISCLOSURE, EntryType.DELIVERY_FAILED, EntryType.DELIVERY_CANCELLED))
        .as(
            (index, time, b, type) ->
                new LedgerEntry(index, time, b.isDenial() ? EntryType.DENIAL : type, b));
  }

  @Property(tries = 2000)
  void acceptsEveryValidDisclosureEntry(@ForAll("entries") LedgerEntry entry) {
    assertEquivalent(entry.canonicalBytes());
  }

  @Property(tries = 20000)
  void acceptsAMutationOnlyIfTheFullParserDoes(
      @ForAll("entries") LedgerEntry entry,
      @ForAll("mutations") List<Tuple.Tuple3<Integer, Integer, Integer>> mutations) {
    byte[] bytes = entry.canonicalBytes();
    for (Tuple.Tuple3<Integer, Integer, Integer> mutation : mutations) {
      bytes = mutate(bytes, mutation.get1(), mutation.get2(), mutation.get3());
    }
    assertEquivalent(bytes);
  }

  @Provide
  Arbitrary<List<Tuple.Tuple3<Integer, Integer, Integer>>> mutations() {
    return Combinators.combine(
            Arbitraries.integers().between(0, 5),
            Arbitraries.integers().between(0, Integer.MAX_VALUE),
            Arbitraries.integers().between(0, Integer.MAX_VALUE))
        .as(Tuple::of)
        .list()
        .ofMinSize(1)
        .ofMaxSize(3);
  }

  /** One edit: replace, insert, delete, swap, or copy a span elsewhere. */
  private static byte[] mutate(byte[] bytes, int op, int where, int what) {
    if (bytes.length == 0) {
      return new byte[] {(byte) what};
    }
    int at = where % bytes.length;
    byte value =
        what % 3 == 0
            ? (byte) HIGH[(what / 3) % HIGH.length]
            : what % 3 == 1 ? INTERESTING[(what / 3) % INTERESTING.length] : (byte) (what >>> 8);
    byte[] out;
    switch (op) {
      case 0 -> {
        out = bytes.clone();
        out[at] = value;
      }
      case 1 -> {
        out = new byte[bytes.length + 1];
        System.arraycopy(bytes, 0, out, 0, at);
        out[at] = value;
        System.arraycopy(bytes, at, out, at + 1, bytes.length - at);
      }
      case 2 -> {
        out = new byte[bytes.length - 1];
        System.arraycopy(bytes, 0, out, 0, at);
        System.arraycopy(bytes, at + 1, out, at, bytes.length - at - 1);
      }
      case 3 -> {
        out = bytes.clone();
        int other = what % bytes.length;
        out[at] = bytes[other];
        out[other] = bytes[at];
      }
      case 4 -> {
        // duplicate a span (e.g. a category or a reason) in place
        int length = Math.min(1 + what % 40, bytes.length - at);
        out = new byte[bytes.length + length];
        System.arraycopy(bytes, 0, out, 0, at + length);
        System.arraycopy(bytes, at, out, at + length, bytes.length - at);
      }
      default -> {
        // truncate
        out = Arrays.copyOf(bytes, at);
      }
    }
    return out;
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "\"time\":\"2026-03-02T10:15:30.123Z\"|\"time\":\"2025-02-29T10:15:30.123Z\"",
        "\"time\":\"2026-03-02T10:15:30.123Z\"|\"time\":\"2024-02-29T10:15:30.123Z\"",
        "\"time\":\"2026-03-02T10:15:30.123Z\"|\"time\":\"1900-02-29T10:15:30.123Z\"",
        "\"time\":\"2026-03-02T10:15:30.123Z\"|\"time\":\"2000-02-29T10:15:30.123Z\"",
        "\"time\":\"2026-03-02T10:15:30.123Z\"|\"time\":\"0000-02-29T00:00:00.000Z\"",
        "\"time\":\"2026-03-02T10:15:30.123Z\"|\"time\":\"2026-03-02T24:00:00.000Z\"",
        "\"time\":\"2026-03-02T10:15:30.123Z\"|\"time\":\"2026-12-31T23:59:60.000Z\"",
        "\"time\":\"2026-03-02T10:15:30.123Z\"|\"time\":\"2026-04-31T10:15:30.123Z\"",
        "\"time\":\"2026-03-02T10:15:30.123Z\"|\"time\":\"2026-03-02t10:15:30.123z\"",
        "\"index\":7|\"index\":-0",
        "\"index\":7|\"index\":07",
        "\"index\":7|\"index\":9007199254740991",
        "\"index\":7|\"index\":9007199254740992",
        "\"index\":7|\"index\":7.0",
        "\"index\":7|\"index\":7e0",
        "\"v\":1|\"v\":2",
        "\"text\":\"T\"|\"text\":\"\\u001f\"",
        "\"text\":\"T\"|\"text\":\"\\u001F\"",
        "\"text\":\"T\"|\"text\":\"\\u000a\"",
        "\"text\":\"T\"|\"text\":\"\\n\"",
        "\"text\":\"T\"|\"text\":\"\\/\"",
        "\"text\":\"T\"|\"text\":\"\\u0041\"",
        "\"text\":\"T\"|\"text\":\"\u007f\"",
        "\"text\":\"T\"|\"text\":\"\\ud800\"",
        "\"messageId\":\"msg-1\"|\"messageId\":\"\\n\"",
        "\"messageId\":\"msg-1\"|\"messageId\":\"\\\"\"",
        "\"messageId\":\"msg-1\"|\"messageId\":\"\\u0001\"",
        "\"messageId\":\"msg-1\"|\"messageId\":\" \"",
        "\"messageId\":\"msg-1\"|\"messageId\":\"\u2003\"",
        "\"messageId\":\"msg-1\"|\"messageId\":\"é\"",
        "[\"demographics\",\"encounter\"]|[\"encounter\",\"demographics\"]",
        "[\"demographics\",\"encounter\"]|[\"demographics\",\"demographics\"]",
        "[\"demographics\",\"encounter\"]|[\"contacts\",\"encounter\"]",
        "[\"demographics\",\"encounter\"]|[\"demographics\",\"encounter-\"]",
        "[\"demographics\",\"encounter\"]|[\"demographics\",\"en--counter\"]",
        "[\"demographics\",\"encounter\"]|[\"demographics\",\"Encounter\"]",
        "\"sender\":\"RXA\"|\"sender\":\"RX\"",
        "\"sender\":\"RXA\"|\"sender\":\"rxa\"",
        "\"sender\":\"RXA\"|\"sender\":\"RXA0123456\"",
        "\"sender\":\"RXA\"|\"sender\":\"RXA01234567\"",
        "\"type\":\"disclosure\"|\"type\":\"denial\"",
        "\"type\":\"disclosure\"|\"type\":\"delivery-failed\"",
        "\"type\":\"disclosure\"|\"type\":\"consent-change\"",
        "\"decision\":\"permit-with-redactions\"|\"decision\":\"permit\"",
        "\"payloadSha256\":\"cd|\"payloadSha256\":\"CD",
        "{\"contacts\":{\"code\":\"category-not-in-flow\",\"text\":\"T\"}}|{}",
        "\"v\":1}|\"v\":1} ",
        "\"v\":1}|\"v\":1}{}",
        "{\"body\"|{\"body\":1,\"body\"",
      })
  void handMadeEditsAgreeWithTheFullParser(String edit) {
    String[] parts = edit.split("\\|", 2);
    String base = new String(sample(), StandardCharsets.UTF_8);
    assertThat(base).contains(parts[0]);
    assertEquivalent(base.replace(parts[0], parts[1]).getBytes(StandardCharsets.UTF_8));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"c0 80", "e0 80 80", "ed a0 80", "f4 90 80 80", "f8", "ff", "c3", "e2 82", "80"})
  void badUtf8IsNotAccepted(String hex) {
    String[] parts = hex.split(" ");
    byte[] bad = new byte[parts.length];
    for (int i = 0; i < parts.length; i++) {
      bad[i] = (byte) Integer.parseInt(parts[i], 16);
    }
    byte[] base = sample();
    String text = "\"text\":\"T\"";
    int at = new String(base, StandardCharsets.ISO_8859_1).indexOf(text) + text.length() - 1;
    byte[] out = new byte[base.length + bad.length];
    System.arraycopy(base, 0, out, 0, at);
    System.arraycopy(bad, 0, out, at, bad.length);
    System.arraycopy(base, at, out, at + bad.length, base.length - at);
    assertThat(new CanonicalEntryScanner().index(out))
        .isEqualTo(CanonicalEntryScanner.NOT_RECOGNISED);
    assertEquivalent(out);
  }

  @ParameterizedTest
  @ValueSource(strings = {"c3 a9", "e2 82 ac", "f0 9f 98 80", "ef bf bf", "f4 8f bf bf"})
  void goodUtf8IsAccepted(String hex) {
    String[] parts = hex.split(" ");
    byte[] good = new byte[parts.length];
    for (int i = 0; i < parts.length; i++) {
      good[i] = (byte) Integer.parseInt(parts[i], 16);
    }
    byte[] base = sample();
    String text = "\"text\":\"T\"";
    int at = new String(base, StandardCharsets.ISO_8859_1).indexOf(text) + text.length() - 1;
    byte[] out = new byte[base.length + good.length];
    System.arraycopy(base, 0, out, 0, at);
    System.arraycopy(good, 0, out, at, good.length);
    System.arraycopy(base, at, out, at + good.length, base.length - at);
    assertThat(new CanonicalEntryScanner().index(out)).isEqualTo(7);
    assertEquivalent(out);
  }

  @ParameterizedTest
  @ValueSource(strings = {"disclosure", "delivery-failed", "delivery-cancelled"})
  void recognisesEntriesWithConsentsOfEveryDisclosureType(String type) {
    byte[] bytes =
        new String(sampleWithConsents(), StandardCharsets.UTF_8)
            .replace("\"type\":\"disclosure\"", "\"type\":\"" + type + "\"")
            .getBytes(StandardCharsets.UTF_8);

    assertThat(new CanonicalEntryScanner().index(bytes)).isEqualTo(7);
    assertEquivalent(bytes);
  }

  @ParameterizedTest
  @ValueSource(strings = {"disclosure", "delivery-failed", "delivery-cancelled"})
  void recognisesEntriesWithoutConsentsOfEveryDisclosureType(String type) {
    byte[] bytes =
        new String(sample(), StandardCharsets.UTF_8)
            .replace("\"type\":\"disclosure\"", "\"type\":\"" + type + "\"")
            .getBytes(StandardCharsets.UTF_8);

    assertThat(new CanonicalEntryScanner().index(bytes)).isEqualTo(7);
    assertEquivalent(bytes);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "[\"Consent/c1/_history/2\",\"BreakGlass/b7\"]|[]",
        "[\"Consent/c1/_history/2\",\"BreakGlass/b7\"]|[\"\"]",
        "[\"Consent/c1/_history/2\",\"BreakGlass/b7\"]|[\" \"]",
        "[\"Consent/c1/_history/2\",\"BreakGlass/b7\"]|[\"\\n\"]",
        "[\"Consent/c1/_history/2\",\"BreakGlass/b7\"]|[\"a\\tb\"]",
        "[\"Consent/c1/_history/2\",\"BreakGlass/b7\"]|[\"\\u0001\"]",
        "[\"Consent/c1/_history/2\",\"BreakGlass/b7\"]|[\"a\\\"b\",\"c\\\\d\"]",
        "[\"Consent/c1/_history/2\",\"BreakGlass/b7\"]|[\"\u2003\"]",
        "[\"Consent/c1/_history/2\",\"BreakGlass/b7\"]|[\"é\"]",
        "[\"Consent/c1/_history/2\",\"BreakGlass/b7\"]|[\"\u007f\"]",
        "[\"Consent/c1/_history/2\",\"BreakGlass/b7\"]|[\"BreakGlass/b7\",\"BreakGlass/b7\"]",
        "[\"Consent/c1/_history/2\",\"BreakGlass/b7\"]|[\"BreakGlass/b7\",\"Consent/c1\"]",
        "[\"Consent/c1/_history/2\",\"BreakGlass/b7\"]|[\"BreakGlass/b7\",]",
        "[\"Consent/c1/_history/2\",\"BreakGlass/b7\"]|[\"BreakGlass/b7\" ]",
        "[\"Consent/c1/_history/2\",\"BreakGlass/b7\"]|[1]",
        "[\"Consent/c1/_history/2\",\"BreakGlass/b7\"]|\"BreakGlass/b7\"",
        "[\"Consent/c1/_history/2\",\"BreakGlass/b7\"]|null",
        "\"consents\":|\"consentz\":",
        "\"type\":\"disclosure\"|\"type\":\"delivery-cancelled\"",
        "\"type\":\"disclosure\"|\"type\":\"delivery-cancel\"",
        "\"type\":\"disclosure\"|\"type\":\"denial\"",
        "\"decision\":\"permit-with-redactions\"|\"decision\":\"deny\"",
      })
  void handMadeConsentEditsAgreeWithTheFullParser(String edit) {
    String[] parts = edit.split("\\|", 2);
    String base = new String(sampleWithConsents(), StandardCharsets.UTF_8);
    assertThat(base).contains(parts[0]);
    assertEquivalent(base.replace(parts[0], parts[1]).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Labels are 1 to 200 UTF-16 units: after a leading "a", é counts one (in two bytes) and a
   * non-BMP character two (a surrogate pair, in four bytes).
   */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "a|199|true",
        "a|200|false",
        "é|199|true",
        "é|200|false",
        "😀|99|true",
        "😀|100|false"
      })
  void countsConsentReferenceLengthsInUtf16Units(String spec) {
    String[] parts = spec.split("\\|");
    String reference = "a" + parts[0].repeat(Integer.parseInt(parts[1]));
    String base = new String(sampleWithConsents(), StandardCharsets.UTF_8);
    byte[] bytes =
        base.replace("\"BreakGlass/b7\"", "\"" + reference + "\"").getBytes(StandardCharsets.UTF_8);

    assertThat(new CanonicalEntryScanner().index(bytes) == 7)
        .as("recognised")
        .isEqualTo(Boolean.parseBoolean(parts[2]));
    assertThat(parseOrNull(bytes) != null).as("valid").isEqualTo(Boolean.parseBoolean(parts[2]));
    assertEquivalent(bytes);
  }

  private static byte[] sampleWithConsents() {
    DisclosureBody body =
        new DisclosureBody(
            "msg-1",
            OdsCode.of("RXA"),
            OdsCode.of("XLA001"),
            PurposeCode.of("hospital-discharge"),
            "permit-with-redactions",
            List.of(new Reason("flow-matched", "The flow"), new Reason("legal-basis", "UK GDPR")),
            new ProtocolRef("northmoor-integrated-care", "1.0.0", "ab".repeat(32)),
            new SubjectKey("ef".repeat(32)),
            "cd".repeat(32),
            Set.of(CategoryCode.of("demographics"), CategoryCode.of("encounter")),
            Map.of(CategoryCode.of("contacts"), new Reason("category-not-in-flow", "T")),
            List.of("Consent/c1/_history/2", "BreakGlass/b7"));
    return new LedgerEntry(7, Instant.parse("2026-03-02T10:15:30.123Z"), EntryType.DISCLOSURE, body)
        .canonicalBytes();
  }

  private static byte[] sample() {
    DisclosureBody body =
        new DisclosureBody(
            "msg-1",
            OdsCode.of("RXA"),
            OdsCode.of("XLA001"),
            PurposeCode.of("hospital-discharge"),
            "permit-with-redactions",
            List.of(new Reason("flow-matched", "The flow"), new Reason("legal-basis", "UK GDPR")),
            new ProtocolRef("northmoor-integrated-care", "1.0.0", "ab".repeat(32)),
            new SubjectKey("ef".repeat(32)),
            "cd".repeat(32),
            Set.of(CategoryCode.of("demographics"), CategoryCode.of("encounter")),
            Map.of(CategoryCode.of("contacts"), new Reason("category-not-in-flow", "T")));
    return new LedgerEntry(7, Instant.parse("2026-03-02T10:15:30.123Z"), EntryType.DISCLOSURE, body)
        .canonicalBytes();
  }

  /**
   * The fast path accepts only what {@code parse} accepts, with the same index; and it accepts
   * every disclosure-family entry {@code parse} accepts unless its message id or a consent
   * reference is blank in ASCII.
   */
  private static void assertEquivalent(byte[] bytes) {
    long fast = new CanonicalEntryScanner().index(bytes);
    LedgerEntry full = parseOrNull(bytes);
    if (fast != CanonicalEntryScanner.NOT_RECOGNISED) {
      assertThat(full).as("the full parser accepts what the fast path accepts").isNotNull();
      assertThat(full.index()).isEqualTo(fast);
      assertThat(full.canonicalBytes()).isEqualTo(bytes);
    }
    if (full != null
        && full.body() instanceof DisclosureBody disclosure
        && hasVisibleAscii(disclosure.messageId())
        && disclosure.consents().stream().allMatch(CanonicalEntryScannerTest::hasVisibleAscii)) {
      assertThat(fast).as("the fast path accepts a valid disclosure entry").isEqualTo(full.index());
    }
  }

  private static boolean hasVisibleAscii(String text) {
    return text.chars().anyMatch(c -> c > 0x20 && c < 0x7f);
  }

  private static @Nullable LedgerEntry parseOrNull(byte[] bytes) {
    try {
      return LedgerEntry.parse(bytes);
    } catch (InvalidLedgerEntryException e) {
      return null;
    }
  }
}
