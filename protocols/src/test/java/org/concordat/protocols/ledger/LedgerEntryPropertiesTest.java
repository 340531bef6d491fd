package org.concordat.protocols.ledger;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
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
import org.concordat.protocols.decision.Reason;
import org.concordat.protocols.sharing.CategoryCode;
import org.concordat.protocols.sharing.OdsCode;
import org.concordat.protocols.sharing.ProtocolRef;
import org.concordat.protocols.sharing.PurposeCode;

class LedgerEntryPropertiesTest {
  private static final List<String> CATEGORIES =
      List.of("demographics", "encounter", "contacts", "care-plan", "housing");

  @Provide
  Arbitrary<LedgerEntry> entries() {
    Arbitrary<String> anyText =
        Arbitraries.strings()
            .all()
            .ofMaxLength(40)
            // Unpaired surrogates have no UTF-8 form; canonical JSON refuses them by design.
            .filter(s -> s.chars().noneMatch(c -> Character.isSurrogate((char) c)));
    Arbitrary<Reason> reason =
        Combinators.combine(
                Arbitraries.of("flow-matched", "legal-basis", "category-not-in-flow"), anyText)
            .as(Reason::new);
    Arbitrary<Set<String>> disclosed = Arbitraries.of(CATEGORIES).set().ofMinSize(1).ofMaxSize(3);
    Arbitrary<Set<String>> withheld = Arbitraries.of(CATEGORIES).set().ofMaxSize(3);
    Arbitrary<DisclosureBody> body =
        Combinators.combine(
                anyText.filter(s -> !s.isBlank()),
                disclosed,
                withheld,
                reason.list().ofMinSize(1).ofMaxSize(3),
                Arbitraries.of(true, false),
                Arbitraries.strings().withChars("0123456789abcdef").ofLength(64))
            .as(
                (messageId, d, w, reasons, deny, hex) -> {
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
                      OdsCode.of("RXA"),
                      OdsCode.of(deny ? "XVO001" : "XLA001"),
                      PurposeCode.of("hospital-discharge"),
                      decision,
                      reasons,
                      new ProtocolRef("northmoor-integrated-care", "1.0.0", hex),
                      new SubjectKey(hex),
                      deny ? null : hex,
                      disclosedCodes,
                      withheldCodes);
                });
    return Combinators.combine(
            Arbitraries.longs().between(0, (1L << 53) - 1),
            Arbitraries.longs()
                .between(0, Instant.parse("9999-12-31T23:59:59.999Z").toEpochMilli())
                .map(Instant::ofEpochMilli),
            body,
            Arbitraries.of(EntryType.DISCLOSURE, EntryType.DELIVERY_FAILED))
        .as(
            (index, time, b, type) ->
                new LedgerEntry(index, time, b.isDenial() ? EntryType.DENIAL : type, b));
  }

  @Property
  void roundTripsThroughItsCanonicalBytes(@ForAll("entries") LedgerEntry entry) {
    byte[] bytes = entry.canonicalBytes();
    LedgerEntry parsed = LedgerEntry.parse(bytes);
    assertThat(parsed).isEqualTo(entry);
    assertThat(parsed.canonicalBytes()).isEqualTo(bytes);
    assertThat(parsed.leafHash()).isEqualTo(entry.leafHash());
  }
}
