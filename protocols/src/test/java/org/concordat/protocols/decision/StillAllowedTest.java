package org.concordat.protocols.decision;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.concordat.protocols.sharing.CategoryCode;
import org.concordat.protocols.sharing.Flow;
import org.concordat.protocols.sharing.OdsCode;
import org.concordat.protocols.sharing.ProtocolRef;
import org.concordat.protocols.sharing.PurposeCode;
import org.junit.jupiter.api.Test;

/** "Still allowed after a change": what decides whether queued or delivered data stands. */
class StillAllowedTest {
  private static final ProtocolRef PROTOCOL = new ProtocolRef("p", "1", "0".repeat(64));
  private static final CategoryCode DEMOGRAPHICS = CategoryCode.of("demographics");
  private static final CategoryCode ENCOUNTER = CategoryCode.of("encounter");
  private static final Flow FLOW =
      new Flow(
          OdsCode.of("RXA"),
          OdsCode.of("XLA001"),
          PurposeCode.of("hospital-discharge"),
          Set.of(DEMOGRAPHICS, ENCOUNTER));
  private static final Reason MATCHED = new Reason("flow-matched", "The flow matched.");

  @Test
  void aPermitOfEverythingDisclosedBeforeStillAllowsItInFull() {
    assertThat(permit(DEMOGRAPHICS, ENCOUNTER).stillAllowsInFull(Set.of(DEMOGRAPHICS, ENCOUNTER)))
        .isTrue();
    assertThat(permit(DEMOGRAPHICS, ENCOUNTER).stillAllowsInFull(Set.of(DEMOGRAPHICS))).isTrue();
  }

  @Test
  void aPermitOfLessThanWasDisclosedDoesNot() {
    assertThat(permit(DEMOGRAPHICS).stillAllowsInFull(Set.of(DEMOGRAPHICS, ENCOUNTER))).isFalse();
  }

  @Test
  void aDenialNeverDoesEvenForNothing() {
    Decision deny =
        new Decision.Deny(
            PROTOCOL, List.of(new Reason("no-matching-flow", "No flow.")), null, List.of());
    assertThat(deny.stillAllowsInFull(Set.of(DEMOGRAPHICS))).isFalse();
    assertThat(deny.stillAllowsInFull(Set.of())).isFalse();
  }

  private static Decision permit(CategoryCode... permitted) {
    return new Decision.Permit(
        PROTOCOL, FLOW, Set.of(permitted), Map.of(), List.of(MATCHED), List.of(), List.of());
  }
}
