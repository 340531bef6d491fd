package org.concordat.broker.disclosure;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.util.List;
import org.concordat.adapters.fhir.NoticeWarning;
import org.concordat.protocols.decision.Decision;
import org.concordat.protocols.decision.Reason;
import org.concordat.protocols.sharing.OdsCode;
import org.concordat.protocols.sharing.ProtocolRef;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.junit.jupiter.api.Test;

class OutcomeRendererTest {
  private static final FhirContext FHIR = FhirContext.forR4Cached();
  private static final ProtocolRef PROTOCOL =
      new ProtocolRef("northmoor-integrated-care", "1.0.0", "0".repeat(64));

  private final OutcomeRenderer renderer = new OutcomeRenderer(FHIR);

  private final RecipientDecision denied =
      new RecipientDecision(
          OdsCode.of("XVO001"),
          new Decision.Deny(
              PROTOCOL, List.of(new Reason("no-matching-flow", "There is no flow from RXA"))),
          7);

  @Test
  void addsAWarningIssueAfterTheDecisionsForEachNoticeWarning() {
    NoticeWarning late =
        new NoticeWarning(
            "discharge-notice-too-late",
            "The discharge notice was given on the day of the discharge.",
            List.of("Bundle.timestamp", "Encounter.period.end"));

    OperationOutcome outcome = renderer.decisions("m-1", List.of(denied), List.of(late));

    assertThat(outcome.getIssue()).hasSize(2);
    assertThat(outcome.getIssue().get(0).getSeverity()).isEqualTo(IssueSeverity.ERROR);
    OperationOutcome.OperationOutcomeIssueComponent warning = outcome.getIssue().get(1);
    assertThat(warning.getSeverity()).isEqualTo(IssueSeverity.WARNING);
    assertThat(warning.getCode()).isEqualTo(IssueType.BUSINESSRULE);
    assertThat(warning.getDiagnostics()).isEqualTo(late.text());
    assertThat(warning.getDetails().getCodingFirstRep().getSystem())
        .isEqualTo(OutcomeRenderer.WARNING_SYSTEM);
    assertThat(warning.getDetails().getCodingFirstRep().getCode())
        .isEqualTo("discharge-notice-too-late");
    assertThat(warning.getExpression())
        .extracting(e -> e.getValue())
        .containsExactly("Bundle.timestamp", "Encounter.period.end");
  }

  @Test
  void rendersNoWarningIssuesWithoutWarnings() {
    assertThat(renderer.decisions("m-2", List.of(denied)).getIssue()).hasSize(1);
    assertThat(renderer.decisions("m-2", List.of(denied), List.of()).getIssue()).hasSize(1);
  }
}
