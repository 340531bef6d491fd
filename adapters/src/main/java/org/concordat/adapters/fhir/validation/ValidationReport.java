package org.concordat.adapters.fhir.validation;

import java.util.List;
import org.concordat.adapters.fhir.OperationOutcomes;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.OperationOutcome.OperationOutcomeIssueComponent;

/**
 * What {@link UkCoreValidator} found in one resource, in the validator's order. A resource with no
 * {@linkplain #errors() errors} conforms; warnings and information never make it invalid.
 *
 * <p>Messages may quote values from the resource (see {@link ValidationIssue#message()}): a report
 * belongs with the resource it describes, not in logs.
 */
public record ValidationReport(List<ValidationIssue> issues) {

  static final String NO_ISSUES = "No issues were found";

  public ValidationReport {
    issues = List.copyOf(issues);
  }

  /** The issues of severity error or fatal. */
  public List<ValidationIssue> errors() {
    return issues.stream().filter(ValidationIssue::isError).toList();
  }

  /** The issues of severity warning. */
  public List<ValidationIssue> warnings() {
    return issues.stream()
        .filter(issue -> issue.severity() == ValidationIssue.Severity.WARNING)
        .toList();
  }

  /** True when the resource does not conform. */
  public boolean hasErrors() {
    return issues.stream().anyMatch(ValidationIssue::isError);
  }

  /**
   * The report as an R4 OperationOutcome with one issue per finding: {@code expression} is its
   * location, {@code diagnostics} its message, and {@code code} is {@code processing} for a code
   * that could not be checked offline (the check was not done) and {@code invalid} for everything
   * else (the content itself). A report with no findings gives one {@code informational} issue, as
   * an OperationOutcome needs at least one.
   */
  public OperationOutcome toOperationOutcome() {
    if (issues.isEmpty()) {
      return OperationOutcomes.of(IssueSeverity.INFORMATION, IssueType.INFORMATIONAL, NO_ISSUES);
    }
    OperationOutcome outcome = new OperationOutcome();
    for (ValidationIssue issue : issues) {
      OperationOutcomeIssueComponent component =
          OperationOutcomes.addIssue(
              outcome,
              severity(issue.severity()),
              issue.isNotCheckedOffline() ? IssueType.PROCESSING : IssueType.INVALID,
              issue.message());
      if (!issue.location().isEmpty()) {
        component.addExpression(issue.location());
      }
    }
    return outcome;
  }

  private static IssueSeverity severity(ValidationIssue.Severity severity) {
    return switch (severity) {
      case FATAL -> IssueSeverity.FATAL;
      case ERROR -> IssueSeverity.ERROR;
      case WARNING -> IssueSeverity.WARNING;
      case INFORMATION -> IssueSeverity.INFORMATION;
    };
  }
}
