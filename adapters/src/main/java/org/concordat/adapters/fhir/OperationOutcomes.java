package org.concordat.adapters.fhir;

import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.OperationOutcome.OperationOutcomeIssueComponent;

/** FHIR R4 OperationOutcomes, the form every FHIR error reply takes. */
public final class OperationOutcomes {
  private OperationOutcomes() {}

  /** An outcome with one issue. {@code diagnostics} is shown to the sender: no personal data. */
  public static OperationOutcome of(IssueSeverity severity, IssueType type, String diagnostics) {
    OperationOutcome outcome = new OperationOutcome();
    addIssue(outcome, severity, type, diagnostics);
    return outcome;
  }

  /**
   * Adds one issue to {@code outcome} and returns it, so that a caller reporting several problems
   * can say where each is ({@code addExpression}).
   */
  public static OperationOutcomeIssueComponent addIssue(
      OperationOutcome outcome, IssueSeverity severity, IssueType type, String diagnostics) {
    return outcome.addIssue().setSeverity(severity).setCode(type).setDiagnostics(diagnostics);
  }

  /** An outcome with one issue of severity {@code error}. */
  public static OperationOutcome error(IssueType type, String diagnostics) {
    return of(IssueSeverity.ERROR, type, diagnostics);
  }

  /** The reply to a refused message: its kind as the issue type, its sentence as diagnostics. */
  public static OperationOutcome of(InvalidMessageException problem) {
    return error(issueType(problem.kind()), String.valueOf(problem.getMessage()));
  }

  /** The FHIR issue type for each kind of problem. */
  public static IssueType issueType(IssueKind kind) {
    return switch (kind) {
      case TOO_LARGE -> IssueType.TOOLONG;
      case UNSUPPORTED_MEDIA_TYPE -> IssueType.NOTSUPPORTED;
      case MALFORMED, NOT_A_MESSAGE -> IssueType.STRUCTURE;
      case FORBIDDEN_XML_CONSTRUCT -> IssueType.SECURITY;
      case MISSING_ELEMENT -> IssueType.REQUIRED;
      case INVALID_ODS_CODE, INVALID_NHS_NUMBER -> IssueType.VALUE;
      case AMBIGUOUS_SUBJECT -> IssueType.MULTIPLEMATCHES;
      case DUPLICATE_KEY -> IssueType.STRUCTURE;
      case LIMIT_EXCEEDED -> IssueType.TOOLONG;
      case INVALID_TEXT -> IssueType.INVALID;
    };
  }
}
