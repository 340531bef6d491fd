package org.concordat.adapters.fhir.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.concordat.adapters.fhir.validation.ValidationIssue.Severity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.junit.jupiter.api.Test;

class ValidationReportTest {
  private static final ValidationIssue WRONG_GENDER =
      new ValidationIssue(Severity.ERROR, "Patient.gender", "Unknown code 'woman'");
  private static final ValidationIssue UNREADABLE =
      new ValidationIssue(Severity.FATAL, "", "This content cannot be parsed");
  private static final ValidationIssue SNOMED_NOT_CHECKED =
      new ValidationIssue(
          Severity.WARNING,
          "Encounter.type[0]",
          ValidationIssue.NOT_CHECKED_OFFLINE + "SNOMED CT (http://snomed.info/sct) …");
  private static final ValidationIssue NO_NARRATIVE =
      new ValidationIssue(Severity.WARNING, "Patient", "dom-6: A resource should have narrative");

  @Test
  void countsFatalAndErrorIssuesAsErrors() {
    var report = new ValidationReport(List.of(WRONG_GENDER, SNOMED_NOT_CHECKED, UNREADABLE));

    assertThat(report.errors()).containsExactly(WRONG_GENDER, UNREADABLE);
    assertThat(report.warnings()).containsExactly(SNOMED_NOT_CHECKED);
    assertThat(report.hasErrors()).isTrue();
    assertThat(new ValidationReport(List.of(SNOMED_NOT_CHECKED)).hasErrors()).isFalse();
  }

  @Test
  void givesOneOutcomeIssuePerFindingWithItsLocationAsExpression() {
    var outcome =
        new ValidationReport(List.of(WRONG_GENDER, SNOMED_NOT_CHECKED, NO_NARRATIVE, UNREADABLE))
            .toOperationOutcome();

    assertThat(outcome.getIssue()).hasSize(4);
    var gender = outcome.getIssue().get(0);
    assertThat(gender.getSeverity()).isEqualTo(IssueSeverity.ERROR);
    assertThat(gender.getCode()).isEqualTo(IssueType.INVALID);
    assertThat(gender.getDiagnostics()).isEqualTo("Unknown code 'woman'");
    assertThat(gender.getExpression()).extracting("value").containsExactly("Patient.gender");
    var snomed = outcome.getIssue().get(1);
    assertThat(snomed.getSeverity()).isEqualTo(IssueSeverity.WARNING);
    assertThat(snomed.getCode()).isEqualTo(IssueType.PROCESSING);
    assertThat(snomed.getExpression()).extracting("value").containsExactly("Encounter.type[0]");
    var narrative = outcome.getIssue().get(2);
    assertThat(narrative.getSeverity()).isEqualTo(IssueSeverity.WARNING);
    assertThat(narrative.getCode()).isEqualTo(IssueType.INVALID);
    var unreadable = outcome.getIssue().get(3);
    assertThat(unreadable.getSeverity()).isEqualTo(IssueSeverity.FATAL);
    assertThat(unreadable.hasExpression()).isFalse();
  }

  @Test
  void saysSoWhenThereIsNothingToReport() {
    var outcome = new ValidationReport(List.of()).toOperationOutcome();

    assertThat(outcome.getIssue()).hasSize(1);
    assertThat(outcome.getIssueFirstRep().getSeverity()).isEqualTo(IssueSeverity.INFORMATION);
    assertThat(outcome.getIssueFirstRep().getCode()).isEqualTo(IssueType.INFORMATIONAL);
  }
}
