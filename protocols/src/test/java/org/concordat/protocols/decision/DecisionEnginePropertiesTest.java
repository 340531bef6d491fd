package org.concordat.protocols.decision;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
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
import org.concordat.protocols.consent.ConsentDirective;
import org.concordat.protocols.consent.OptOutStatus;
import org.concordat.protocols.consent.SubjectConsent;
import org.concordat.protocols.sharing.CategoryCode;
import org.concordat.protocols.sharing.Flow;
import org.concordat.protocols.sharing.OdsCode;
import org.concordat.protocols.sharing.Protocol;
import org.concordat.protocols.sharing.PurposeCode;

/** Properties of the engine over random protocols and requests drawn from a small world. */
class DecisionEnginePropertiesTest {
  // Includes codes that are not parties, purposes or categories of the protocol under test.
  private static final List<String> ODS = List.of("RXA", "XLA001", "XVO001", "RZZ");
  private static final List<String> PURPOSES =
      List.of("hospital-discharge", "housing-support", "marketing");
  private static final List<String> CATEGORIES =
      List.of("demographics", "encounter", "contacts", "benefits");
  private static final List<String> FLOW_CATEGORIES =
      List.of("demographics", "encounter", "contacts");

  @Provide
  Arbitrary<List<Flow>> flows() {
    Arbitrary<Flow> flow =
        Combinators.combine(
                Arbitraries.of("RXA", "XLA001", "XVO001"),
                Arbitraries.of("RXA", "XLA001", "XVO001"),
                Arbitraries.of("hospital-discharge", "housing-support"),
                Arbitraries.of(FLOW_CATEGORIES).set().ofMinSize(1))
            .as(
                (from, to, purpose, cats) ->
                    new Flow(
                        OdsCode.of(from),
                        OdsCode.of(to),
                        PurposeCode.of(purpose),
                        cats.stream()
                            .map(CategoryCode::of)
                            .collect(java.util.stream.Collectors.toSet())));
    // One flow per (from, to, purpose), as the reader guarantees.
    return flow.list().ofMaxSize(8).map(DecisionEnginePropertiesTest::uniqueRoutes);
  }

  private static List<Flow> uniqueRoutes(List<Flow> flows) {
    Map<List<Object>, Flow> byRoute = new LinkedHashMap<>();
    for (Flow f : flows) {
      if (f.from().equals(f.to())) {
        continue; // the reader refuses a flow from a party to itself
      }
      byRoute.putIfAbsent(List.of(f.from(), f.to(), f.purpose()), f);
    }
    return new ArrayList<>(byRoute.values());
  }

  @Provide
  Arbitrary<DecisionRequest> requests() {
    return Combinators.combine(
            Arbitraries.of(ODS),
            Arbitraries.of(ODS),
            Arbitraries.of(PURPOSES),
            Arbitraries.of(CATEGORIES).set(),
            Arbitraries.of(
                Instant.parse("2025-12-31T12:00:00Z"),
                Instant.parse("2026-01-01T00:00:00Z"),
                Instant.parse("2026-06-01T08:00:00Z")))
        .as(
            (from, to, purpose, cats, at) ->
                new DecisionRequest(
                    OdsCode.of(from),
                    OdsCode.of(to),
                    PurposeCode.of(purpose),
                    cats.stream()
                        .map(CategoryCode::of)
                        .collect(java.util.stream.Collectors.toSet()),
                    at));
  }

  private static Set<CategoryCode> permitted(Decision decision) {
    return decision instanceof Decision.Permit permit ? permit.permitted() : Set.of();
  }

  @Property
  void deniesEverythingWhenTheProtocolHasNoFlows(@ForAll("requests") DecisionRequest request) {
    DecisionEngine engine = new DecisionEngine(DecisionEngineTest.protocol(List.of()));
    assertThat(engine.decide(request)).isInstanceOf(Decision.Deny.class);
  }

  @Property
  void permitsOnlyRequestedCategoriesThatTheMatchingFlowCarries(
      @ForAll("flows") List<Flow> flows, @ForAll("requests") DecisionRequest request) {
    Decision decision = new DecisionEngine(DecisionEngineTest.protocol(flows)).decide(request);
    if (decision instanceof Decision.Permit permit) {
      assertThat(permit.flow().from()).isEqualTo(request.sender());
      assertThat(permit.flow().to()).isEqualTo(request.recipient());
      assertThat(permit.flow().purpose()).isEqualTo(request.purpose());
      Set<CategoryCode> allowed = new HashSet<>(permit.flow().categories());
      allowed.retainAll(request.requestedCategories());
      assertThat(permit.permitted()).isSubsetOf(allowed);
      assertThat(permit.withheld().keySet())
          .doesNotContainAnyElementsOf(permit.permitted())
          .isSubsetOf(request.requestedCategories());
    }
    assertThat(decision.reasons()).isNotEmpty();
  }

  @Property
  void givesTheSameDecisionForTheSameInput(
      @ForAll("flows") List<Flow> flows, @ForAll("requests") DecisionRequest request) {
    Protocol protocol = DecisionEngineTest.protocol(flows);
    assertThat(new DecisionEngine(protocol).decide(request))
        .isEqualTo(new DecisionEngine(protocol).decide(request));
  }

  @Provide
  Arbitrary<List<ConsentDirective>> refusals() {
    return Combinators.combine(
            Arbitraries.of(PURPOSES).set().ofMaxSize(1),
            Arbitraries.of("RXA", "XLA001", "XVO001").set().ofMaxSize(1),
            Arbitraries.of(CATEGORIES).set().ofMaxSize(2),
            Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(4))
        .as(
            (purposes, recipients, cats, ref) ->
                new ConsentDirective(
                    "Consent/" + ref,
                    ConsentDirective.Kind.DENY,
                    purposes.stream().map(PurposeCode::of).collect(Collectors.toSet()),
                    recipients.stream().map(OdsCode::of).collect(Collectors.toSet()),
                    cats.stream().map(CategoryCode::of).collect(Collectors.toSet()),
                    null,
                    null))
        .list()
        .ofMaxSize(3);
  }

  private static Decision decide(
      List<Flow> flows, List<ConsentDirective> directives, DecisionRequest request) {
    DecisionRequest about =
        new DecisionRequest(
            request.sender(),
            request.recipient(),
            request.purpose(),
            request.requestedCategories(),
            request.at(),
            request.requester(),
            "subject");
    SubjectConsent consent = new SubjectConsent(directives, OptOutStatus.NOT_OPTED_OUT);
    return new DecisionEngine(DecisionEngineTest.protocol(flows), Map.of(), key -> consent)
        .decide(about);
  }

  @Property
  void neverWidensWhenARefusalIsAdded(
      @ForAll("flows") List<Flow> flows,
      @ForAll("refusals") List<ConsentDirective> refusals,
      @ForAll("refusals") List<ConsentDirective> more,
      @ForAll("requests") DecisionRequest request) {
    List<ConsentDirective> all = new ArrayList<>(refusals);
    all.addAll(more);
    Decision before = decide(flows, refusals, request);
    Decision after = decide(flows, all, request);
    assertThat(permitted(after)).isSubsetOf(permitted(before));
    if (before instanceof Decision.Deny) {
      assertThat(after).isInstanceOf(Decision.Deny.class);
    }
    if (after instanceof Decision.Permit permit) {
      assertThat(permit.permitted()).isSubsetOf(permit.flow().categories());
    }
  }

  @Property
  void neverWidensWhenAFlowIsRemoved(
      @ForAll("flows") List<Flow> flows,
      @ForAll("requests") DecisionRequest request,
      @ForAll int seed) {
    if (flows.isEmpty()) {
      return;
    }
    List<Flow> fewer = new ArrayList<>(flows);
    fewer.remove(Math.floorMod(seed, flows.size()));
    Decision before = new DecisionEngine(DecisionEngineTest.protocol(flows)).decide(request);
    Decision after = new DecisionEngine(DecisionEngineTest.protocol(fewer)).decide(request);
    assertThat(permitted(after)).isSubsetOf(permitted(before));
    if (before instanceof Decision.Deny) {
      assertThat(after).isInstanceOf(Decision.Deny.class);
    }
  }

  @Provide
  Arbitrary<List<ConsentDirective>> datedDirectives() {
    return Combinators.combine(
            Arbitraries.of(ConsentDirective.Kind.class),
            Arbitraries.of(PURPOSES).set().ofMaxSize(1),
            Arbitraries.of("RXA", "XLA001", "XVO001").set().ofMaxSize(1),
            Arbitraries.of(CATEGORIES).set().ofMaxSize(2),
            Arbitraries.integers().between(0, 364),
            Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(4))
        .as(
            (kind, purposes, recipients, cats, day, ref) ->
                new ConsentDirective(
                        "Consent/" + ref,
                        kind,
                        purposes.stream().map(PurposeCode::of).collect(Collectors.toSet()),
                        recipients.stream().map(OdsCode::of).collect(Collectors.toSet()),
                        cats.stream().map(CategoryCode::of).collect(Collectors.toSet()),
                        null,
                        null)
                    .withDated(java.time.LocalDate.of(2025, 1, 1).plusDays(day)))
        .list()
        .ofMaxSize(4);
  }

  @Property
  void theMostRecentDirectiveCoveringADisclosureGovernsIt(
      @ForAll("flows") List<Flow> flows,
      @ForAll("datedDirectives") List<ConsentDirective> earlier,
      @ForAll ConsentDirective.Kind latestKind,
      @ForAll("requests") DecisionRequest request) {
    // Dated after every earlier directive, for exactly this purpose and recipient, all categories.
    ConsentDirective latest =
        new ConsentDirective(
                "Consent/latest",
                latestKind,
                Set.of(request.purpose()),
                Set.of(request.recipient()),
                Set.of(),
                null,
                null)
            .withDated(java.time.LocalDate.of(2026, 1, 1));
    List<ConsentDirective> all = new ArrayList<>(earlier);
    all.add(latest);

    Decision decided = decide(flows, all, request);
    Decision alone = decide(flows, List.of(latest), request);

    assertThat(permitted(decided)).isEqualTo(permitted(alone));
    if (latestKind == ConsentDirective.Kind.DENY) {
      assertThat(decided).isInstanceOf(Decision.Deny.class);
    }
  }

  @Property
  void aRefusalOfTheSameDayAsAPermitWins(
      @ForAll("flows") List<Flow> flows, @ForAll("requests") DecisionRequest request) {
    java.time.LocalDate day = java.time.LocalDate.of(2025, 6, 1);
    ConsentDirective permit =
        new ConsentDirective(
                "Consent/p",
                ConsentDirective.Kind.PERMIT,
                Set.of(request.purpose()),
                Set.of(request.recipient()),
                Set.of(),
                null,
                null)
            .withDated(day);
    ConsentDirective refusal =
        new ConsentDirective(
                "Consent/r", ConsentDirective.Kind.DENY, Set.of(), Set.of(), Set.of(), null, null)
            .withDated(day);
    assertThat(decide(flows, List.of(permit, refusal), request)).isInstanceOf(Decision.Deny.class);
  }
}
