package org.concordat.protocols.decision;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import org.concordat.protocols.sharing.CategoryCode;
import org.concordat.protocols.sharing.OdsCode;
import org.concordat.protocols.sharing.ProtocolFixture;
import org.concordat.protocols.sharing.PurposeCode;
import org.junit.jupiter.api.Test;

/** The decisions the example partnership in config/partnerships/example is meant to give. */
class ExamplePartnershipTest {
  private final DecisionEngine engine = new DecisionEngine(ProtocolFixture.examplePartnership());

  private Decision decide(String from, String to, String purpose, String... categories) {
    Set<CategoryCode> requested =
        Arrays.stream(categories).map(CategoryCode::of).collect(Collectors.toSet());
    return engine.decide(
        new DecisionRequest(
            OdsCode.of(from),
            OdsCode.of(to),
            PurposeCode.of(purpose),
            requested,
            Instant.parse("2026-03-02T10:15:30Z")));
  }

  @Test
  void permitsTheHospitalToSendDischargeNoticesToAdultSocialCare() {
    Decision decision = decide("RXA", "XLA001", "hospital-discharge", "demographics", "encounter");
    assertThat(decision.outcome()).isEqualTo("permit");
    assertThat(decision.reasons().get(1).text())
        .isEqualTo("UK GDPR Art 6(1)(e); Art 9(2)(h); Care Act 2014 Schedule 3");
  }

  @Test
  void permitsTheMentalHealthTrustToSendDischargeNoticesToAdultSocialCare() {
    assertThat(decide("RXM", "XLA001", "hospital-discharge", "demographics", "encounter").outcome())
        .isEqualTo("permit");
  }

  @Test
  void withholdsContactsFromAdultSocialCareForHospitalDischarge() {
    Decision decision =
        decide("RXA", "XLA001", "hospital-discharge", "demographics", "encounter", "contacts");
    assertThat(decision.outcome()).isEqualTo("permit-with-redactions");
    assertThat(((Decision.Permit) decision).withheld())
        .containsOnlyKeys(CategoryCode.of("contacts"));
  }

  @Test
  void permitsTheHospitalToShareContactsWithTheMentalHealthTrustForDirectCare() {
    assertThat(
            decide("RXA", "RXM", "direct-care", "demographics", "encounter", "contacts").outcome())
        .isEqualTo("permit");
  }

  @Test
  void deniesFlowToVoluntaryOrganisationForHospitalDischarge() {
    Decision decision = decide("RXA", "XVO001", "hospital-discharge", "demographics");
    assertThat(decision).isInstanceOf(Decision.Deny.class);
    assertThat(decision.reasons().get(0).code()).isEqualTo("no-matching-flow");
    assertThat(decision.reasons().get(0).text())
        .isEqualTo(
            "The protocol northmoor-integrated-care 2.0.0 has no flow from RXA to XVO001 for"
                + " purpose hospital-discharge.");
  }

  @Test
  void mapsEachDischargeMessageEventToHospitalDischarge() {
    for (String event :
        new String[] {"895571000000108", "975701000000106", "975731000000100", "975841000000102"}) {
      assertThat(engine.protocol().purposeForMessageEvent(event).orElseThrow().code())
          .isEqualTo(PurposeCode.of("hospital-discharge"));
    }
  }
}
