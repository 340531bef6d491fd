package org.concordat.protocols.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.concordat.protocols.consent.BreakGlassEligibility.Refusal;
import org.concordat.protocols.consent.BreakGlassEligibility.Rule;
import org.concordat.protocols.sharing.CategoryCode;
import org.concordat.protocols.sharing.Flow;
import org.concordat.protocols.sharing.OdsCode;
import org.concordat.protocols.sharing.Protocol;
import org.concordat.protocols.sharing.ProtocolReader;
import org.concordat.protocols.sharing.PurposeCode;
import org.concordat.protocols.sharing.TestProtocols;
import org.junit.jupiter.api.Test;

/** Each rule of {@link BreakGlassEligibility}, by name. */
class BreakGlassEligibilityTest {
  private static final OdsCode HOSPITAL = OdsCode.of("RXA");
  private static final OdsCode COUNCIL = OdsCode.of("XLA001");
  private static final OdsCode CHARITY = OdsCode.of("XVO001");
  private static final PurposeCode DISCHARGE = PurposeCode.of("hospital-discharge");

  private final Protocol protocol =
      ProtocolReader.read(
          "protocol.yaml",
          TestProtocols.yaml(
              List.of(
                  new Flow(
                      HOSPITAL, COUNCIL, DISCHARGE, Set.of(CategoryCode.of("demographics"))))));

  @Test
  void aPurposeOfIndividualCareTheProtocolDefinesIsEligible() {
    assertThat(BreakGlassEligibility.purpose(protocol, DISCHARGE)).isEmpty();
  }

  @Test
  void aPurposeTheProtocolDoesNotDefineIsRefusedNamingThoseItDoes() {
    Optional<Refusal> refusal = BreakGlassEligibility.purpose(protocol, PurposeCode.of("research"));

    assertThat(refusal).map(Refusal::rule).contains(Rule.PURPOSE_NOT_DEFINED);
    assertThat(refusal.orElseThrow().sentence())
        .contains("defines no purpose research")
        .contains("hospital-discharge, housing-support, safeguarding, pooled-budget-reporting");
  }

  @Test
  void secondaryUseAndPurposesTheOptOutAppliesToAreNeverEligible() {
    Optional<Refusal> refusal =
        BreakGlassEligibility.purpose(protocol, PurposeCode.of("pooled-budget-reporting"));

    assertThat(refusal).map(Refusal::rule).contains(Rule.SECONDARY_USE);
    assertThat(refusal.orElseThrow().sentence())
        .startsWith("pooled-budget-reporting is secondary use")
        .contains("the national data opt-out applies to it");
  }

  @Test
  void aRecipientOutsideThePartnershipIsRefused() {
    assertThat(BreakGlassEligibility.recipient(protocol, OdsCode.of("ZZZ999")))
        .map(Refusal::rule)
        .contains(Rule.RECIPIENT_NOT_A_PARTY);
    assertThat(BreakGlassEligibility.recipient(protocol, CHARITY)).isEmpty();
  }

  @Test
  void aGrantNeverOpensAFlowThePartnersHaveNotAgreed() {
    assertThat(BreakGlassEligibility.flow(protocol, HOSPITAL, COUNCIL, DISCHARGE)).isEmpty();
    // The reverse direction, another recipient, another purpose: none is agreed.
    assertThat(BreakGlassEligibility.flow(protocol, COUNCIL, HOSPITAL, DISCHARGE))
        .map(Refusal::rule)
        .contains(Rule.NO_FLOW);
    assertThat(BreakGlassEligibility.flow(protocol, HOSPITAL, CHARITY, DISCHARGE))
        .map(Refusal::rule)
        .contains(Rule.NO_FLOW);
    assertThat(
            BreakGlassEligibility.flow(protocol, HOSPITAL, COUNCIL, PurposeCode.of("safeguarding")))
        .map(Refusal::rule)
        .contains(Rule.NO_FLOW);
  }

  @Test
  void whoBrokeGlassNeverReviewsTheirOwnGrant() {
    assertThat(BreakGlassEligibility.review("BreakGlass/bg-1", "dr.jones", "dr.jones"))
        .map(Refusal::rule)
        .contains(Rule.SELF_REVIEW);
    assertThat(BreakGlassEligibility.review("BreakGlass/bg-1", "dr.jones", "ig.lead")).isEmpty();
  }
}
