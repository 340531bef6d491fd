package org.concordat.protocols.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.concordat.protocols.consent.RecordingAuthority.Rule;
import org.concordat.protocols.sharing.CategoryCode;
import org.concordat.protocols.sharing.Flow;
import org.concordat.protocols.sharing.OdsCode;
import org.concordat.protocols.sharing.PurposeCode;
import org.concordat.protocols.sharing.TestProtocols;
import org.junit.jupiter.api.Test;

/** Who may record, see, change and withdraw a directive: one test per rule. */
class RecordingAuthorityTest {
  private static final OdsCode HOSPITAL = OdsCode.of("RXA");
  private static final OdsCode COUNCIL = OdsCode.of("XLA001");
  private static final OdsCode HOUSING = OdsCode.of("XVO001");
  private static final RecordingAuthority AUTHORITY =
      new RecordingAuthority(
          TestProtocols.protocol(
              List.of(
                  new Flow(
                      COUNCIL,
                      HOUSING,
                      PurposeCode.of("housing-support"),
                      Set.of(CategoryCode.of("demographics"))),
                  new Flow(
                      HOSPITAL,
                      COUNCIL,
                      PurposeCode.of("hospital-discharge"),
                      Set.of(CategoryCode.of("demographics"))))));

  private static ConsentDirective directive(
      ConsentDirective.Kind kind, String purpose, OdsCode... recipients) {
    return new ConsentDirective(
        "Consent/x/_history/1",
        kind,
        Set.of(PurposeCode.of(purpose)),
        Set.of(recipients),
        Set.of(),
        null,
        null);
  }

  private static final List<ConsentDirective> HOUSING_PERMIT =
      List.of(directive(ConsentDirective.Kind.PERMIT, "housing-support", HOUSING));

  private static List<Rule> rules(List<RecordingAuthority.Refusal> refusals) {
    return refusals.stream().map(RecordingAuthority.Refusal::rule).toList();
  }

  @Test
  void aPartnerRecordsDirectivesOnlyAsItself() {
    assertThat(AUTHORITY.mayRecord(COUNCIL, Set.of(COUNCIL), false, HOUSING_PERMIT)).isEmpty();
    assertThat(AUTHORITY.mayRecord(COUNCIL, Set.of(), false, HOUSING_PERMIT)).isEmpty();
    List<RecordingAuthority.Refusal> refused =
        AUTHORITY.mayRecord(
            HOSPITAL,
            Set.of(COUNCIL),
            false,
            List.of(directive(ConsentDirective.Kind.DENY, "hospital-discharge", COUNCIL)));
    assertThat(rules(refused)).containsExactly(Rule.RECORDS_ONLY_AS_ITSELF);
    assertThat(refused.get(0).problem()).contains("recorded by XLA001").contains("sent by RXA");
    assertThat(Rule.RECORDS_ONLY_AS_ITSELF.forbids()).isTrue();
  }

  @Test
  void aRecordingOrganisationWithoutAnOdsCodeCannotBeChecked() {
    List<RecordingAuthority.Refusal> refused =
        AUTHORITY.mayRecord(COUNCIL, Set.of(), true, HOUSING_PERMIT);
    assertThat(rules(refused)).containsExactly(Rule.RECORDER_NAMED_BY_ODS_CODE);
    assertThat(Rule.RECORDER_NAMED_BY_ODS_CODE.forbids()).isFalse();
  }

  @Test
  void aRecipientNeverRecordsTheConsentThatOpensAFlowToItself() {
    // The case: the housing trust records the council's consent to send to it.
    List<RecordingAuthority.Refusal> refused =
        AUTHORITY.mayRecord(HOUSING, Set.of(COUNCIL), false, HOUSING_PERMIT);
    assertThat(rules(refused))
        .containsExactly(Rule.RECORDS_ONLY_AS_ITSELF, Rule.RECIPIENT_NEVER_OPENS_ITS_OWN_FLOW);
    assertThat(rules(AUTHORITY.mayRecord(HOUSING, Set.of(HOUSING), false, HOUSING_PERMIT)))
        .containsExactly(Rule.RECIPIENT_NEVER_OPENS_ITS_OWN_FLOW);
    // A permit naming every recipient includes the recorder.
    assertThat(
            rules(
                AUTHORITY.mayRecord(
                    HOUSING,
                    Set.of(),
                    false,
                    List.of(directive(ConsentDirective.Kind.PERMIT, "housing-support")))))
        .containsExactly(Rule.RECIPIENT_NEVER_OPENS_ITS_OWN_FLOW);
  }

  @Test
  void aRecipientMayRecordARefusalOrAPermitThatOpensNoFlowToItself() {
    assertThat(
            AUTHORITY.mayRecord(
                HOUSING,
                Set.of(HOUSING),
                false,
                List.of(directive(ConsentDirective.Kind.DENY, "housing-support", HOUSING))))
        .isEmpty();
    assertThat(
            AUTHORITY.mayRecord(
                COUNCIL,
                Set.of(),
                false,
                List.of(directive(ConsentDirective.Kind.PERMIT, "housing-support", HOUSING))))
        .isEmpty();
  }

  @Test
  void theSenderWhoseFlowADirectiveOpensMaySeeAndWithdrawItButNotChangeIt() {
    assertThat(AUTHORITY.sendersOpened(HOUSING_PERMIT)).containsExactly(COUNCIL);
    assertThat(AUTHORITY.maySee(COUNCIL, Set.of(HOSPITAL), HOUSING_PERMIT)).isTrue();
    assertThat(AUTHORITY.maySee(HOUSING, Set.of(HOSPITAL), HOUSING_PERMIT)).isFalse();
    assertThat(AUTHORITY.mayChange(COUNCIL, Set.of(HOSPITAL), HOUSING_PERMIT, true, "Consent/x"))
        .isEmpty();
    List<RecordingAuthority.Refusal> update =
        AUTHORITY.mayChange(COUNCIL, Set.of(HOSPITAL), HOUSING_PERMIT, false, "Consent/x");
    assertThat(rules(update)).containsExactly(Rule.CHANGED_ONLY_BY_RECORDER_OR_WITHDRAWN_BY_SENDER);
    assertThat(update.get(0).problem()).contains("may only withdraw it");
  }

  @Test
  void theRecorderChangesItsDirectiveAndNobodyElseDoes() {
    assertThat(AUTHORITY.mayChange(HOSPITAL, Set.of(HOSPITAL), HOUSING_PERMIT, false, "Consent/x"))
        .isEmpty();
    assertThat(
            rules(
                AUTHORITY.mayChange(HOUSING, Set.of(HOSPITAL), HOUSING_PERMIT, true, "Consent/x")))
        .containsExactly(Rule.CHANGED_ONLY_BY_RECORDER_OR_WITHDRAWN_BY_SENDER);
    assertThat(AUTHORITY.maySee(HOSPITAL, Set.of(HOSPITAL), List.of())).isTrue();
  }
}
