package org.concordat.protocols.decision;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.concordat.protocols.consent.BreakGlassGrant;
import org.concordat.protocols.consent.ConsentDirective;
import org.concordat.protocols.consent.ConsentPort;
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
import org.junit.jupiter.api.Test;

/** The consent, opt-out and party-standing rules of the engine, scenario by scenario. */
class ConsentRulesTest {
  private static final Instant AT = Instant.parse("2026-03-02T10:15:30Z");
  private static final String PERSON = "a".repeat(64);
  private static final Set<CategoryCode> ALL =
      Set.of(CategoryCode.of("demographics"), CategoryCode.of("contacts"));

  private static final Protocol PROTOCOL =
      TestProtocols.protocol(
          List.of(
              new Flow(
                  OdsCode.of("RXA"),
                  OdsCode.of("XLA001"),
                  PurposeCode.of("hospital-discharge"),
                  ALL,
                  java.time.Period.ofYears(2),
                  List.of("active-episode-of-care")),
              new Flow(
                  OdsCode.of("XLA001"),
                  OdsCode.of("XVO001"),
                  PurposeCode.of("housing-support"),
                  ALL),
              new Flow(
                  OdsCode.of("RXA"), OdsCode.of("XLA001"), PurposeCode.of("safeguarding"), ALL),
              new Flow(
                  OdsCode.of("RXA"),
                  OdsCode.of("XLA001"),
                  PurposeCode.of("pooled-budget-reporting"),
                  ALL)));

  private static ConsentDirective directive(
      String reference, ConsentDirective.Kind kind, String purpose, String... categories) {
    return new ConsentDirective(
        reference,
        kind,
        Set.of(PurposeCode.of(purpose)),
        Set.of(),
        java.util.Arrays.stream(categories)
            .map(CategoryCode::of)
            .collect(java.util.stream.Collectors.toSet()),
        null,
        null);
  }

  private static Decision decide(
      String from,
      String to,
      String purpose,
      SubjectConsent consent,
      Map<OdsCode, PartyStanding> standings) {
    ConsentPort port = key -> key.equals(PERSON) ? consent : SubjectConsent.NONE;
    return new DecisionEngine(PROTOCOL, standings, port)
        .decide(
            new DecisionRequest(
                OdsCode.of(from),
                OdsCode.of(to),
                PurposeCode.of(purpose),
                ALL,
                AT,
                Requester.person("u123", "social-worker"),
                PERSON));
  }

  private static Decision decide(String from, String to, String purpose, ConsentDirective... d) {
    return decide(
        from, to, purpose, new SubjectConsent(List.of(d), OptOutStatus.NOT_OPTED_OUT), Map.of());
  }

  private static List<String> codes(Decision decision) {
    return decision.reasons().stream().map(Reason::code).toList();
  }

  @Test
  void permitsDirectCareOnImpliedConsentWithObligations() {
    Decision.Permit permit = (Decision.Permit) decide("RXA", "XLA001", "hospital-discharge");
    assertThat(codes(permit))
        .containsExactly(
            "flow-matched", "legal-basis", "implied-consent", "retention", "condition");
    assertThat(permit.obligations())
        .containsExactly(
            new Obligation("retention", "P2Y"),
            new Obligation("condition", "active-episode-of-care"));
  }

  @Test
  void withholdsACategoryThePersonRefusedForDirectCare() {
    Decision decision =
        decide(
            "RXA",
            "XLA001",
            "hospital-discharge",
            directive("Consent/9", ConsentDirective.Kind.DENY, "hospital-discharge", "contacts"));
    Decision.Permit permit = (Decision.Permit) decision;
    assertThat(permit.permitted()).containsExactly(CategoryCode.of("demographics"));
    assertThat(permit.withheld().get(CategoryCode.of("contacts")).code())
        .isEqualTo("consent-refused");
    assertThat(permit.consentReferences()).containsExactly("Consent/9");
  }

  @Test
  void deniesWhenThePersonRefusedThePurposeOutright() {
    Decision decision =
        decide(
            "RXA",
            "XLA001",
            "hospital-discharge",
            directive("Consent/9", ConsentDirective.Kind.DENY, "hospital-discharge"));
    assertThat(codes(decision)).containsExactly("consent-refused");
    assertThat(decision.consentReferences()).containsExactly("Consent/9");
    assertThat(((Decision.Deny) decision).flow()).isNotNull();
  }

  @Test
  void deniesHousingReferralWithoutExplicitConsent() {
    assertThat(codes(decide("XLA001", "XVO001", "housing-support")))
        .containsExactly("explicit-consent-missing");
    assertThat(
            codes(
                new DecisionEngine(PROTOCOL)
                    .decide(
                        new DecisionRequest(
                            OdsCode.of("XLA001"),
                            OdsCode.of("XVO001"),
                            PurposeCode.of("housing-support"),
                            ALL,
                            AT))))
        .as("an unknown subject has no recorded consent")
        .containsExactly("explicit-consent-missing");
  }

  @Test
  void permitsHousingReferralWithExplicitConsentOnlyForTheConsentedCategories() {
    Decision decision =
        decide(
            "XLA001",
            "XVO001",
            "housing-support",
            directive(
                "Consent/1", ConsentDirective.Kind.PERMIT, "housing-support", "demographics"));
    Decision.Permit permit = (Decision.Permit) decision;
    assertThat(permit.permitted()).containsExactly(CategoryCode.of("demographics"));
    assertThat(permit.withheld().get(CategoryCode.of("contacts")).code())
        .isEqualTo("explicit-consent-missing");
    assertThat(codes(permit)).contains("explicit-consent").doesNotContain("implied-consent");
    assertThat(permit.consentReferences()).containsExactly("Consent/1");
  }

  @Test
  void aConsentThatHasExpiredPermitsNothingAndIsNamedAsExpired() {
    ConsentDirective expired =
        new ConsentDirective(
            "Consent/2",
            ConsentDirective.Kind.PERMIT,
            Set.of(),
            Set.of(OdsCode.of("XVO001")),
            Set.of(),
            Instant.parse("2025-01-01T00:00:00Z"),
            Instant.parse("2026-01-01T00:00:00Z"));
    Decision decision = decide("XLA001", "XVO001", "housing-support", expired);
    assertThat(codes(decision)).containsExactly("consent-expired");
    assertThat(decision.consentReferences()).containsExactly("Consent/2");
    assertThat(decision.reasons().get(0).text()).contains("Consent/2 ended 2026-01-01T00:00:00Z");
  }

  @Test
  void proceedsWithSafeguardingDespiteARefusalAndSaysSo() {
    Decision decision =
        decide(
            "RXA",
            "XLA001",
            "safeguarding",
            directive("Consent/7", ConsentDirective.Kind.DENY, "safeguarding"));
    Decision.Permit permit = (Decision.Permit) decision;
    assertThat(permit.permitted()).isEqualTo(ALL);
    Reason overridden =
        permit.reasons().stream()
            .filter(r -> r.code().equals("consent-overridden"))
            .findFirst()
            .orElseThrow();
    assertThat(overridden.text())
        .startsWith(
            "The person refused (Consent/7), but the protocol lets the purpose safeguarding"
                + " proceed despite a refusal under Care Act 2014 s42: A section 42 enquiry");
    assertThat(permit.consentReferences()).containsExactly("Consent/7");
  }

  @Test
  void deniesSecondaryUseForAPersonWhoOptedOut() {
    assertThat(
            codes(
                decide(
                    "RXA",
                    "XLA001",
                    "pooled-budget-reporting",
                    new SubjectConsent(List.of(), OptOutStatus.OPTED_OUT),
                    Map.of())))
        .containsExactly("national-data-opt-out");
    assertThat(codes(decide("RXA", "XLA001", "pooled-budget-reporting")))
        .contains("national-data-opt-out-checked");
    assertThat(
            codes(
                new DecisionEngine(PROTOCOL)
                    .decide(
                        new DecisionRequest(
                            OdsCode.of("RXA"),
                            OdsCode.of("XLA001"),
                            PurposeCode.of("pooled-budget-reporting"),
                            ALL,
                            AT))))
        .containsExactly("opt-out-status-unknown");
  }

  @Test
  void stopsEveryFlowOfASuspendedOrWithdrawnParty() {
    Map<OdsCode, PartyStanding> suspended =
        Map.of(
            OdsCode.of("XLA001"),
            PartyStanding.suspended(Instant.parse("2026-03-01T00:00:00Z"), "data breach"));
    assertThat(codes(decide("RXA", "XLA001", "hospital-discharge", SubjectConsent.NONE, suspended)))
        .containsExactly("party-suspended");
    Map<OdsCode, PartyStanding> withdrawn =
        Map.of(
            OdsCode.of("RXA"),
            PartyStanding.withdrawn(Instant.parse("2026-03-01T00:00:00Z"), "left the partnership"));
    Decision decision =
        decide("RXA", "XLA001", "hospital-discharge", SubjectConsent.NONE, withdrawn);
    assertThat(codes(decision)).containsExactly("party-withdrawn");
    assertThat(decision.reasons().get(0).text())
        .isEqualTo(
            "The sender RXA withdrew from the protocol northmoor-integrated-care 1.0.0 on"
                + " 2026-03-01T00:00:00Z (left the partnership), so its flows are stopped.");
  }

  private static final BreakGlassGrant GRANT =
      new BreakGlassGrant(
          "BreakGlass/bg-1",
          OdsCode.of("XLA001"),
          OdsCode.of("XVO001"),
          PurposeCode.of("housing-support"),
          AT.minusSeconds(3600),
          AT.plusSeconds(3600));

  private static Decision decideAt(
      Protocol protocol,
      String from,
      String to,
      String purpose,
      Instant at,
      SubjectConsent consent) {
    ConsentPort port = key -> key.equals(PERSON) ? consent : SubjectConsent.NONE;
    return new DecisionEngine(protocol, Map.of(), port)
        .decide(
            new DecisionRequest(
                OdsCode.of(from),
                OdsCode.of(to),
                PurposeCode.of(purpose),
                ALL,
                at,
                Requester.person("u123", "social-worker"),
                PERSON));
  }

  @Test
  void breakGlassPermitsExactlyItsScopeAndExpires() {
    SubjectConsent withGrant = new SubjectConsent(List.of(), OptOutStatus.UNKNOWN, List.of(GRANT));

    Decision granted = decideAt(PROTOCOL, "XLA001", "XVO001", "housing-support", AT, withGrant);
    assertThat(granted).isInstanceOf(Decision.Permit.class);
    assertThat(((Decision.Permit) granted).permitted()).isEqualTo(ALL);
    assertThat(codes(granted)).contains("break-glass").doesNotContain("explicit-consent");
    assertThat(granted.consentReferences()).containsExactly("BreakGlass/bg-1");
    assertThat(
            granted.reasons().stream()
                .filter(r -> r.code().equals("break-glass"))
                .findFirst()
                .orElseThrow()
                .text())
        .contains("BreakGlass/bg-1")
        .contains("until 2026-03-02T11:15:30Z");

    assertThat(
            codes(
                decideAt(
                    PROTOCOL,
                    "XLA001",
                    "XVO001",
                    "housing-support",
                    AT.plusSeconds(3600),
                    withGrant)))
        .containsExactly("explicit-consent-missing");
    assertThat(
            codes(
                decideAt(
                    PROTOCOL,
                    "XLA001",
                    "XVO001",
                    "housing-support",
                    AT.minusSeconds(3601),
                    withGrant)))
        .containsExactly("explicit-consent-missing");
    // Another flow for the same person is not in the grant's scope.
    SubjectConsent refusedWithGrant =
        new SubjectConsent(
            List.of(directive("Consent/9", ConsentDirective.Kind.DENY, "hospital-discharge")),
            OptOutStatus.UNKNOWN,
            List.of(GRANT));
    assertThat(
            codes(decideAt(PROTOCOL, "RXA", "XLA001", "hospital-discharge", AT, refusedWithGrant)))
        .containsExactly("consent-refused");
  }

  @Test
  void breakGlassNeverOpensAFlowTheProtocolDoesNotHave() {
    BreakGlassGrant wide =
        new BreakGlassGrant(
            "BreakGlass/bg-2",
            OdsCode.of("RXA"),
            OdsCode.of("XVO001"),
            PurposeCode.of("housing-support"),
            AT.minusSeconds(60),
            AT.plusSeconds(60));
    assertThat(
            codes(
                decideAt(
                    PROTOCOL,
                    "RXA",
                    "XVO001",
                    "housing-support",
                    AT,
                    new SubjectConsent(List.of(), OptOutStatus.UNKNOWN, List.of(wide)))))
        .containsExactly("no-matching-flow");
  }

  @Test
  void breakGlassDoesNotLiftTheNationalDataOptOut() {
    BreakGlassGrant pooled =
        new BreakGlassGrant(
            "BreakGlass/bg-3",
            OdsCode.of("RXA"),
            OdsCode.of("XLA001"),
            PurposeCode.of("pooled-budget-reporting"),
            AT.minusSeconds(60),
            AT.plusSeconds(60));
    assertThat(
            codes(
                decideAt(
                    PROTOCOL,
                    "RXA",
                    "XLA001",
                    "pooled-budget-reporting",
                    AT,
                    new SubjectConsent(List.of(), OptOutStatus.OPTED_OUT, List.of(pooled)))))
        .containsExactly("national-data-opt-out");
  }

  @Test
  void aBreakGlassGrantIsNotCitedWhenConsentAlreadyPermits() {
    SubjectConsent consented =
        new SubjectConsent(
            List.of(directive("Consent/5", ConsentDirective.Kind.PERMIT, "housing-support")),
            OptOutStatus.UNKNOWN,
            List.of(GRANT));
    Decision decision = decideAt(PROTOCOL, "XLA001", "XVO001", "housing-support", AT, consented);
    assertThat(codes(decision)).contains("explicit-consent").doesNotContain("break-glass");
    assertThat(decision.consentReferences()).containsExactly("Consent/5");
  }

  @Test
  void secondaryUseNeedsAnOptOutCheckEvenForAKnownPerson() {
    assertThat(
            codes(
                decideAt(
                    PROTOCOL,
                    "RXA",
                    "XLA001",
                    "pooled-budget-reporting",
                    AT,
                    new SubjectConsent(List.of(), OptOutStatus.UNKNOWN))))
        .containsExactly("opt-out-status-unknown");
  }

  @Test
  void aConsentPastItsReviewDateLapsesOnlyWhereTheProtocolSaysSo() {
    Protocol lapsing =
        ProtocolReader.read(
            "protocol.yaml",
            TestProtocols.yaml(PROTOCOL.flows())
                .replace("retention: P8Y\n", "retention: P8Y\nconsent-review: lapse\n"));

    assertThat(lapsing.consentReview()).isEqualTo(Protocol.ConsentReview.LAPSE);
    assertThat(PROTOCOL.consentReview()).isEqualTo(Protocol.ConsentReview.CONTINUE);
    ConsentDirective overdue =
        new ConsentDirective(
            "Consent/11",
            ConsentDirective.Kind.PERMIT,
            Set.of(PurposeCode.of("housing-support")),
            Set.of(),
            Set.of(),
            null,
            null,
            AT.minusSeconds(86_400));
    SubjectConsent person = new SubjectConsent(List.of(overdue), OptOutStatus.UNKNOWN);

    Decision lapsed = decideAt(lapsing, "XLA001", "XVO001", "housing-support", AT, person);
    assertThat(codes(lapsed)).containsExactly("consent-lapsed");
    assertThat(lapsed.consentReferences()).containsExactly("Consent/11");
    assertThat(decideAt(PROTOCOL, "XLA001", "XVO001", "housing-support", AT, person))
        .isInstanceOf(Decision.Permit.class);
    // Before the review date the same consent permits under the lapsing protocol too.
    assertThat(
            decideAt(
                lapsing, "XLA001", "XVO001", "housing-support", AT.minusSeconds(90_000), person))
        .isInstanceOf(Decision.Permit.class);

    ConsentDirective overdueRefusal =
        new ConsentDirective(
            "Consent/12",
            ConsentDirective.Kind.DENY,
            Set.of(PurposeCode.of("hospital-discharge")),
            Set.of(),
            Set.of(),
            null,
            null,
            AT.minusSeconds(86_400));
    assertThat(
            codes(
                decideAt(
                    lapsing,
                    "RXA",
                    "XLA001",
                    "hospital-discharge",
                    AT,
                    new SubjectConsent(List.of(overdueRefusal), OptOutStatus.UNKNOWN))))
        .containsExactly("consent-refused");
  }

  @Test
  void aRefusalOfACategoryNotAskedForChangesNothingAndIsNotCited() {
    ConsentDirective refusesRisk =
        new ConsentDirective(
            "Consent/13",
            ConsentDirective.Kind.DENY,
            Set.of(),
            Set.of(),
            Set.of(CategoryCode.of("risk")),
            null,
            null);
    Decision decision =
        decideAt(
            PROTOCOL,
            "RXA",
            "XLA001",
            "hospital-discharge",
            AT,
            new SubjectConsent(List.of(refusesRisk), OptOutStatus.UNKNOWN));
    assertThat(decision).isInstanceOf(Decision.Permit.class);
    assertThat(((Decision.Permit) decision).permitted()).isEqualTo(ALL);
    assertThat(decision.consentReferences()).isEmpty();
    assertThat(codes(decision)).contains("implied-consent").doesNotContain("consent-refused");
  }

  // Conflicting directives: the most recent that covers a disclosure governs (issue 11.5)

  private static ConsentDirective dated(
      String reference,
      ConsentDirective.Kind kind,
      String day,
      Set<String> purposes,
      Set<String> recipients,
      String... categories) {
    return new ConsentDirective(
            reference,
            kind,
            purposes.stream().map(PurposeCode::of).collect(java.util.stream.Collectors.toSet()),
            recipients.stream().map(OdsCode::of).collect(java.util.stream.Collectors.toSet()),
            java.util.Arrays.stream(categories)
                .map(CategoryCode::of)
                .collect(java.util.stream.Collectors.toSet()),
            null,
            null)
        .withDated(java.time.LocalDate.parse(day));
  }

  private static final Instant DECEMBER = Instant.parse("2026-12-01T10:00:00Z");

  private static Decision decideInDecember(
      String from, String to, String purpose, ConsentDirective... directives) {
    return decideAt(
        PROTOCOL,
        from,
        to,
        purpose,
        DECEMBER,
        new SubjectConsent(List.of(directives), OptOutStatus.NOT_OPTED_OUT));
  }

  @Test
  void aLaterSpecificPermitOpensExactlyItsScopeDespiteAnEarlierGlobalRefusal() {
    ConsentDirective refusal =
        dated("Consent/r/_history/1", ConsentDirective.Kind.DENY, "2026-10-01", Set.of(), Set.of());
    ConsentDirective permit =
        dated(
            "Consent/p/_history/1",
            ConsentDirective.Kind.PERMIT,
            "2026-11-15",
            Set.of("housing-support"),
            Set.of("XVO001"));

    Decision housing = decideInDecember("XLA001", "XVO001", "housing-support", refusal, permit);
    assertThat(housing).isInstanceOf(Decision.Permit.class);
    assertThat(((Decision.Permit) housing).permitted()).isEqualTo(ALL);
    Reason consent =
        housing.reasons().stream()
            .filter(r -> r.is(ReasonCode.EXPLICIT_CONSENT))
            .findFirst()
            .orElseThrow();
    assertThat(consent.text())
        .contains("recorded in Consent/p/_history/1")
        .contains("overrides, the person's earlier refusal (Consent/r/_history/1)");
    assertThat(housing.consentReferences())
        .containsExactly("Consent/p/_history/1", "Consent/r/_history/1");

    // Everything the permit does not cover stays refused.
    Decision discharge = decideInDecember("RXA", "XLA001", "hospital-discharge", refusal, permit);
    assertThat(codes(discharge)).containsExactly("consent-refused");
    assertThat(discharge.consentReferences()).containsExactly("Consent/r/_history/1");
  }

  @Test
  void aLaterRefusalClosesWhatItCoversDespiteAnEarlierPermit() {
    ConsentDirective permit =
        dated(
            "Consent/p/_history/1",
            ConsentDirective.Kind.PERMIT,
            "2026-10-01",
            Set.of("housing-support"),
            Set.of("XVO001"));
    ConsentDirective refusesContacts =
        dated(
            "Consent/r/_history/1",
            ConsentDirective.Kind.DENY,
            "2026-11-15",
            Set.of(),
            Set.of(),
            "contacts");
    ConsentDirective refusesAll =
        dated("Consent/a/_history/1", ConsentDirective.Kind.DENY, "2026-11-20", Set.of(), Set.of());

    Decision.Permit narrowed =
        (Decision.Permit)
            decideInDecember("XLA001", "XVO001", "housing-support", permit, refusesContacts);
    assertThat(narrowed.permitted()).containsExactly(CategoryCode.of("demographics"));
    assertThat(narrowed.withheld().get(CategoryCode.of("contacts")).code())
        .isEqualTo("consent-refused");

    Decision closed = decideInDecember("XLA001", "XVO001", "housing-support", permit, refusesAll);
    assertThat(codes(closed)).containsExactly("consent-refused");
    assertThat(closed.reasons().get(0).text())
        .contains("(Consent/a/_history/1)")
        .contains("earlier consent (Consent/p/_history/1)");
    assertThat(closed.consentReferences())
        .containsExactly("Consent/a/_history/1", "Consent/p/_history/1");
  }

  @Test
  void directivesOfTheSameDayCombineWithTheRefusalWinning() {
    ConsentDirective permit =
        dated(
            "Consent/p/_history/1",
            ConsentDirective.Kind.PERMIT,
            "2026-11-15",
            Set.of("housing-support"),
            Set.of("XVO001"));
    ConsentDirective refusal =
        dated("Consent/r/_history/1", ConsentDirective.Kind.DENY, "2026-11-15", Set.of(), Set.of());
    assertThat(codes(decideInDecember("XLA001", "XVO001", "housing-support", permit, refusal)))
        .containsExactly("consent-refused");
    assertThat(codes(decideInDecember("XLA001", "XVO001", "housing-support", refusal, permit)))
        .containsExactly("consent-refused");
  }

  @Test
  void theSafeguardingOverrideStillSetsALaterRefusalAside() {
    ConsentDirective refusal =
        dated(
            "Consent/r/_history/1",
            ConsentDirective.Kind.DENY,
            "2026-11-15",
            Set.of("safeguarding"),
            Set.of());
    Decision decision = decideInDecember("RXA", "XLA001", "safeguarding", refusal);
    assertThat(codes(decision)).contains("consent-overridden");
    assertThat(((Decision.Permit) decision).permitted()).isEqualTo(ALL);
  }

  @Test
  void aLaterPermitLiftsAnEarlierRefusalOfDirectCareAndSaysSo() {
    ConsentDirective refusal =
        dated(
            "Consent/r/_history/1",
            ConsentDirective.Kind.DENY,
            "2026-10-01",
            Set.of("hospital-discharge"),
            Set.of());
    ConsentDirective permit =
        dated(
            "Consent/p/_history/1",
            ConsentDirective.Kind.PERMIT,
            "2026-11-15",
            Set.of("hospital-discharge"),
            Set.of("XLA001"));
    Decision decision = decideInDecember("RXA", "XLA001", "hospital-discharge", refusal, permit);
    assertThat(((Decision.Permit) decision).permitted()).isEqualTo(ALL);
    assertThat(decision.reasons().stream().filter(r -> r.is(ReasonCode.IMPLIED_CONSENT)))
        .singleElement()
        .satisfies(r -> assertThat(r.text()).contains("overrides, their refusal"));
  }

  // Near misses name what to fix (issue 11.6)

  @Test
  void aPermitForAnotherRecipientIsNamedAsSuch() {
    ConsentDirective toCouncil =
        dated(
            "Consent/o/_history/1",
            ConsentDirective.Kind.PERMIT,
            "2026-11-15",
            Set.of("housing-support"),
            Set.of("XLA001"));
    Decision decision = decideInDecember("XLA001", "XVO001", "housing-support", toCouncil);
    assertThat(codes(decision)).containsExactly("consent-for-other-recipient");
    assertThat(decision.consentReferences()).containsExactly("Consent/o/_history/1");
    assertThat(decision.reasons().get(0).text()).contains("names XLA001 as recipient, not XVO001");
  }

  @Test
  void aPermitForAnotherPurposeIsNamedAsSuch() {
    ConsentDirective forDischarge =
        dated(
            "Consent/q/_history/1",
            ConsentDirective.Kind.PERMIT,
            "2026-11-15",
            Set.of("hospital-discharge"),
            Set.of("XVO001"));
    Decision decision = decideInDecember("XLA001", "XVO001", "housing-support", forDischarge);
    assertThat(codes(decision)).containsExactly("consent-for-other-purpose");
    assertThat(decision.consentReferences()).containsExactly("Consent/q/_history/1");
  }

  @Test
  void aPermitThatEndedYesterdayIsNamedAsExpired() {
    ConsentDirective ended =
        new ConsentDirective(
            "Consent/e/_history/1",
            ConsentDirective.Kind.PERMIT,
            Set.of(PurposeCode.of("housing-support")),
            Set.of(OdsCode.of("XVO001")),
            Set.of(),
            Instant.parse("2026-01-01T00:00:00Z"),
            DECEMBER.minusSeconds(86_400));
    Decision decision = decideInDecember("XLA001", "XVO001", "housing-support", ended);
    assertThat(codes(decision)).containsExactly("consent-expired");
    assertThat(decision.consentReferences()).containsExactly("Consent/e/_history/1");
  }

  // Every time-dependent rule at the decision's instant (issue 11.7)

  @Test
  void anOptOutCheckExpiresAtTheDecisionInstantNotTheWallClock() {
    Instant expiry = Instant.parse("2026-06-01T00:00:00Z");
    SubjectConsent checked =
        new SubjectConsent(List.of(), OptOutStatus.NOT_OPTED_OUT, expiry, List.of());
    assertThat(
            codes(
                decideAt(
                    PROTOCOL,
                    "RXA",
                    "XLA001",
                    "pooled-budget-reporting",
                    expiry.minusSeconds(1),
                    checked)))
        .contains("national-data-opt-out-checked");
    assertThat(
            codes(decideAt(PROTOCOL, "RXA", "XLA001", "pooled-budget-reporting", expiry, checked)))
        .containsExactly("opt-out-status-unknown");
  }
}
