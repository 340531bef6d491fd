package org.concordat.protocols.decision;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.concordat.protocols.consent.BreakGlassGrant;
import org.concordat.protocols.consent.ConsentDirective;
import org.concordat.protocols.consent.OptOutStatus;
import org.concordat.protocols.consent.SubjectConsent;
import org.concordat.protocols.sharing.CategoryCode;
import org.concordat.protocols.sharing.Flow;
import org.concordat.protocols.sharing.OdsCode;
import org.concordat.protocols.sharing.PartyStanding;
import org.concordat.protocols.sharing.Protocol;
import org.concordat.protocols.sharing.ProtocolReader;
import org.concordat.protocols.sharing.PurposeCode;
import org.concordat.protocols.sharing.TestProtocols;
import org.jspecify.annotations.Nullable;

/**
 * Every time-dependent rule is evaluated at the decision's instant: a consent period, a review date
 * under a lapsing protocol, an opt-out check's validity, a break-glass grant's window, a party's
 * suspension and the protocol's valid-from. For each, a random window and a random decision
 * instant: the element has effect exactly when the instant is inside its window.
 */
class TimeRulesPropertiesTest {
  private static final String PERSON = "b".repeat(64);
  private static final Set<CategoryCode> ALL =
      Set.of(CategoryCode.of("demographics"), CategoryCode.of("contacts"));
  private static final List<Flow> FLOWS =
      List.of(
          new Flow(
              OdsCode.of("XLA001"), OdsCode.of("XVO001"), PurposeCode.of("housing-support"), ALL),
          new Flow(
              OdsCode.of("RXA"),
              OdsCode.of("XLA001"),
              PurposeCode.of("pooled-budget-reporting"),
              ALL),
          new Flow(
              OdsCode.of("RXA"), OdsCode.of("XLA001"), PurposeCode.of("hospital-discharge"), ALL));
  private static final Protocol CONTINUING = TestProtocols.protocol(FLOWS);
  private static final Protocol LAPSING =
      ProtocolReader.read(
          "protocol.yaml",
          TestProtocols.yaml(FLOWS)
              .replace("retention: P8Y\n", "retention: P8Y\nconsent-review: lapse\n"));

  /** Well after the test protocol's valid-from (2026-01-01). */
  private static final Instant BASE = Instant.parse("2026-06-01T00:00:00Z");

  /** A time-dependent rule. */
  enum Rule {
    CONSENT_PERIOD,
    REVIEW_DATE,
    OPT_OUT_VALIDITY,
    BREAK_GLASS_WINDOW,
    PARTY_SUSPENSION,
    PROTOCOL_VALID_FROM
  }

  @Property(tries = 600)
  void anElementHasEffectExactlyWithinItsWindowAtTheDecisionInstant(
      @ForAll Rule rule,
      @ForAll @IntRange(min = 0, max = 2000) int startMinutes,
      @ForAll @IntRange(min = 1, max = 2000) int lengthMinutes,
      @ForAll @IntRange(min = -100, max = 4100) int atMinutes) {
    Instant start = BASE.plus(Duration.ofMinutes(startMinutes));
    Instant end = start.plus(Duration.ofMinutes(lengthMinutes));
    Instant at = BASE.plus(Duration.ofMinutes(atMinutes));
    boolean inWindow = !at.isBefore(start) && at.isBefore(end);
    switch (rule) {
      case CONSENT_PERIOD -> {
        ConsentDirective permit = housingPermit(start, end, null);
        assertThat(permitted(CONTINUING, "XLA001", "housing-support", at, consent(permit)))
            .isEqualTo(inWindow);
      }
      case REVIEW_DATE -> {
        // A permit with no period that lapses at its review date: in force before it.
        ConsentDirective permit = housingPermit(null, null, end);
        assertThat(permitted(LAPSING, "XLA001", "housing-support", at, consent(permit)))
            .isEqualTo(at.isBefore(end));
        assertThat(permitted(CONTINUING, "XLA001", "housing-support", at, consent(permit)))
            .isTrue();
      }
      case OPT_OUT_VALIDITY -> {
        SubjectConsent checked =
            new SubjectConsent(List.of(), OptOutStatus.NOT_OPTED_OUT, end, List.of());
        assertThat(permitted(CONTINUING, "RXA", "pooled-budget-reporting", at, checked))
            .isEqualTo(at.isBefore(end));
      }
      case BREAK_GLASS_WINDOW -> {
        BreakGlassGrant grant =
            new BreakGlassGrant(
                "BreakGlass/t",
                OdsCode.of("XLA001"),
                OdsCode.of("XVO001"),
                PurposeCode.of("housing-support"),
                start,
                end);
        SubjectConsent granted =
            new SubjectConsent(List.of(), OptOutStatus.UNKNOWN, null, List.of(grant));
        assertThat(permitted(CONTINUING, "XLA001", "housing-support", at, granted))
            .isEqualTo(inWindow);
      }
      case PARTY_SUSPENSION -> {
        Map<OdsCode, PartyStanding> standings =
            Map.of(OdsCode.of("XLA001"), PartyStanding.suspended(start, "audit"));
        Decision decision =
            new DecisionEngine(CONTINUING, standings, key -> SubjectConsent.NONE)
                .decide(request("RXA", "XLA001", "hospital-discharge", at));
        assertThat(decision instanceof Decision.Permit).isEqualTo(at.isBefore(start));
      }
      case PROTOCOL_VALID_FROM -> {
        Instant validFrom = CONTINUING.validFromInstant();
        Instant around = validFrom.plus(Duration.ofMinutes(atMinutes - 2000L));
        Decision decision =
            new DecisionEngine(CONTINUING)
                .decide(request("RXA", "XLA001", "hospital-discharge", around));
        assertThat(decision instanceof Decision.Permit).isEqualTo(!around.isBefore(validFrom));
      }
    }
  }

  private static ConsentDirective housingPermit(
      @Nullable Instant start, @Nullable Instant end, @Nullable Instant reviewDue) {
    return new ConsentDirective(
        "Consent/t/_history/1",
        ConsentDirective.Kind.PERMIT,
        Set.of(PurposeCode.of("housing-support")),
        Set.of(OdsCode.of("XVO001")),
        Set.of(),
        start,
        end,
        reviewDue);
  }

  private static SubjectConsent consent(ConsentDirective directive) {
    return new SubjectConsent(List.of(directive), OptOutStatus.UNKNOWN);
  }

  private static boolean permitted(
      Protocol protocol, String from, String purpose, Instant at, SubjectConsent consent) {
    String to = purpose.equals("housing-support") ? "XVO001" : "XLA001";
    return new DecisionEngine(protocol, Map.of(), key -> consent)
            .decide(request(from, to, purpose, at))
        instanceof Decision.Permit;
  }

  private static DecisionRequest request(String from, String to, String purpose, Instant at) {
    return new DecisionRequest(
        OdsCode.of(from),
        OdsCode.of(to),
        PurposeCode.of(purpose),
        ALL,
        at,
        Requester.system(OdsCode.of(from)),
        PERSON);
  }
}
