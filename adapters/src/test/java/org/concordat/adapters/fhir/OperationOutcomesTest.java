package org.concordat.adapters.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.junit.jupiter.api.Test;

class OperationOutcomesTest {

  @Test
  void turnsARefusalIntoAnErrorOutcome() {
    var outcome =
        OperationOutcomes.of(
            new InvalidMessageException(
                IssueKind.FORBIDDEN_XML_CONSTRUCT, SafeXml.DOCTYPE_REFUSED));

    assertThat(outcome.getIssue()).hasSize(1);
    var issue = outcome.getIssueFirstRep();
    assertThat(issue.getSeverity()).isEqualTo(IssueSeverity.ERROR);
    assertThat(issue.getCode()).isEqualTo(IssueType.SECURITY);
    assertThat(issue.getDiagnostics()).isEqualTo("XML documents with a DOCTYPE are not accepted");
    assertThat(Notices.fhir().toJson(outcome))
        .isEqualTo(
            "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\","
                + "\"code\":\"security\",\"diagnostics\":\"XML documents with a DOCTYPE are not"
                + " accepted\"}]}");
  }

  @Test
  void mapsEachKindOfProblemToAnIssueType() {
    assertThat(OperationOutcomes.issueType(IssueKind.TOO_LARGE)).isEqualTo(IssueType.TOOLONG);
    assertThat(OperationOutcomes.issueType(IssueKind.MALFORMED)).isEqualTo(IssueType.STRUCTURE);
    assertThat(OperationOutcomes.issueType(IssueKind.NOT_A_MESSAGE)).isEqualTo(IssueType.STRUCTURE);
    assertThat(OperationOutcomes.issueType(IssueKind.INVALID_NHS_NUMBER))
        .isEqualTo(IssueType.VALUE);
    assertThat(OperationOutcomes.issueType(IssueKind.MISSING_ELEMENT))
        .isEqualTo(IssueType.REQUIRED);
    assertThat(Arrays.stream(IssueKind.values()).map(OperationOutcomes::issueType))
        .doesNotContainNull();
  }
}
