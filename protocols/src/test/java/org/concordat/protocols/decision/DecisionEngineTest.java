package org.concordat.protocols.decision;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.concordat.protocols.sharing.CategoryCode;
import org.concordat.protocols.sharing.Flow;
import org.concordat.protocols.sharing.OdsCode;
import org.concordat.protocols.sharing.Protocol;
import org.concordat.protocols.sharing.PurposeCode;
import org.concordat.protocols.sharing.TestProtocols;
import org.junit.jupiter.api.Test;

class DecisionEngineTest {
  static final Instant AFTER_START = Instant.parse("2026-03-02T10:15:30Z");
  static final String DISCHARGE_BASIS =
      "UK GDPR Art 6(1)(e); Art 9(2)(h); Care Act 2014 Schedule 3";

  static Protocol protocol(List<Flow> flows) {
    return TestProtocols.protocol(flows);
  }

  static Flow flow(String from, String to, String purpose, String... categories) {
    return new Flow(
        OdsCode.of(from), OdsCode.of(to), PurposeCode.of(purpose), categories(categories));
  }

  static Set<CategoryCode> categories(String... codes) {
    return Arrays.stream(codes).map(CategoryCode::of).collect(Collectors.toSet());
  }

  static DecisionRequest request(String from, String to, String purpose, String... categories) {
    return new DecisionRequest(
        OdsCode.of(from),
        OdsCode.of(to),
        PurposeCode.of(purpose),
        categories(categories),
        AFTER_START);
  }

  private final DecisionEngine engine =
      new DecisionEngine(
          protocol(
              List.of(flow("RXA", "XLA001", "hospital-discharge", "demographics", "encounter"))));

  private static List<String> codes(Decision decision) {
    return decision.reasons().stream().map(Reason::code).toList();
  }

  @Test
  void permitsAnAgreedFlowWithTheFlowAndLegalBasisAsReasons() {
    Decision decision =
        engine.decide(request("RXA", "XLA001", "hospital-discharge", "demographics", "encounter"));

    assertThat(decision).isInstanceOf(Decision.Permit.class);
    Decision.Permit permit = (Decision.Permit) decision;
    assertThat(permit.outcome()).isEqualTo("permit");
    assertThat(permit.permitted()).isEqualTo(categories("demographics", "encounter"));
    assertThat(permit.withheld()).isEmpty();
    assertThat(permit.protocol()).isEqualTo(engine.protocol().ref());
    assertThat(codes(permit))
        .containsExactly("flow-matched", "legal-basis", "implied-consent", "retention");
    assertThat(permit.reasons().get(1).text()).isEqualTo(DISCHARGE_BASIS);
    assertThat(permit.reasons().get(0).text())
        .isEqualTo(
            "The protocol northmoor-integrated-care 1.0.0 has a flow from RXA to XLA001 for purpose"
                + " hospital-discharge with categories demographics, encounter.");
  }

  @Test
  void withholdsRequestedCategoriesOutsideTheFlow() {
    Decision decision =
        engine.decide(request("RXA", "XLA001", "hospital-discharge", "demographics", "contacts"));

    Decision.Permit permit = (Decision.Permit) decision;
    assertThat(permit.outcome()).isEqualTo("permit-with-redactions");
    assertThat(permit.permitted()).isEqualTo(categories("demographics"));
    assertThat(permit.withheld()).containsOnlyKeys(CategoryCode.of("contacts"));
    Reason reason = permit.withheld().get(CategoryCode.of("contacts"));
    assertThat(reason.code()).isEqualTo("category-not-in-flow");
    assertThat(reason.text())
        .isEqualTo(
            "The flow from RXA to XLA001 for purpose hospital-discharge does not include the"
                + " category contacts.");
  }

  @Test
  void withholdsACategoryTheProtocolDoesNotDefine() {
    Decision.Permit permit =
        (Decision.Permit)
            engine.decide(
                request("RXA", "XLA001", "hospital-discharge", "demographics", "benefits"));
    assertThat(permit.withheld().get(CategoryCode.of("benefits")).text())
        .contains("defines no such category");
  }

  @Test
  void deniesFlowToVoluntaryOrganisationForHospitalDischarge() {
    Decision decision =
        engine.decide(request("RXA", "XVO001", "hospital-discharge", "demographics"));

    assertThat(decision).isInstanceOf(Decision.Deny.class);
    assertThat(decision.outcome()).isEqualTo("deny");
    assertThat(decision.reasons())
        .containsExactly(
            new Reason(
                "no-matching-flow",
                "The protocol northmoor-integrated-care 1.0.0 has no flow from RXA to XVO001 for"
                    + " purpose hospital-discharge."));
  }

  @Test
  void deniesTheReverseOfAnAgreedFlow() {
    assertThat(codes(engine.decide(request("XLA001", "RXA", "hospital-discharge", "demographics"))))
        .containsExactly("no-matching-flow");
  }

  @Test
  void deniesWhenNothingRequestedIsInTheFlow() {
    Decision decision = engine.decide(request("RXA", "XLA001", "hospital-discharge", "contacts"));
    assertThat(decision).isInstanceOf(Decision.Deny.class);
    assertThat(codes(decision)).containsExactly("no-category-permitted", "category-not-in-flow");
  }

  @Test
  void deniesARequestForNoCategories() {
    Decision decision = engine.decide(request("RXA", "XLA001", "hospital-discharge"));
    assertThat(codes(decision)).containsExactly("no-category-permitted");
  }

  @Test
  void deniesBeforeTheProtocolIsValid() {
    DecisionRequest early =
        new DecisionRequest(
            OdsCode.of("RXA"),
            OdsCode.of("XLA001"),
            PurposeCode.of("hospital-discharge"),
            categories("demographics"),
            Instant.parse("2025-12-31T23:59:59Z"));
    Decision decision = engine.decide(early);
    assertThat(codes(decision)).containsExactly("protocol-not-yet-valid");
    assertThat(decision.reasons().get(0).text()).contains("valid from 2026-01-01");
  }

  @Test
  void permitsFromMidnightUkTimeOnTheValidFromDate() {
    DecisionRequest first =
        new DecisionRequest(
            OdsCode.of("RXA"),
            OdsCode.of("XLA001"),
            PurposeCode.of("hospital-discharge"),
            categories("demographics"),
            Instant.parse("2026-01-01T00:00:00Z"));
    assertThat(engine.decide(first)).isInstanceOf(Decision.Permit.class);
  }

  @Test
  void deniesASenderThatIsNotAParty() {
    Decision decision =
        engine.decide(request("RZZ", "XLA001", "hospital-discharge", "demographics"));
    assertThat(decision.reasons())
        .containsExactly(
            new Reason(
                "sender-not-a-party",
                "The sender RZZ is not a party to the protocol northmoor-integrated-care 1.0.0."));
  }

  @Test
  void deniesARecipientThatIsNotAParty() {
    assertThat(codes(engine.decide(request("RXA", "XLA999", "hospital-discharge", "demographics"))))
        .containsExactly("recipient-not-a-party");
  }

  @Test
  void deniesAnUnknownPurpose() {
    assertThat(codes(engine.decide(request("RXA", "XLA001", "marketing", "demographics"))))
        .containsExactly("unknown-purpose");
  }

  @Test
  void givesEveryFailedPreconditionAtOnce() {
    DecisionRequest everythingWrong =
        new DecisionRequest(
            OdsCode.of("RZZ"),
            OdsCode.of("XZZ"),
            PurposeCode.of("marketing"),
            categories("demographics"),
            Instant.parse("2020-01-01T00:00:00Z"));
    assertThat(codes(engine.decide(everythingWrong)))
        .containsExactly(
            "protocol-not-yet-valid",
            "sender-not-a-party",
            "recipient-not-a-party",
            "unknown-purpose");
  }

  @Test
  void deniesEverythingUnderAProtocolWithoutFlows() {
    DecisionEngine noFlows = new DecisionEngine(protocol(List.of()));
    assertThat(noFlows.decide(request("RXA", "XLA001", "hospital-discharge", "demographics")))
        .isInstanceOf(Decision.Deny.class);
  }
}
