package org.concordat.broker.disclosure;

import ca.uhn.fhir.context.FhirContext;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.concordat.adapters.fhir.NoticeWarning;
import org.concordat.protocols.decision.Decision;
import org.concordat.protocols.decision.Reason;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/**
 * Turns the pipeline's outcome into the FHIR OperationOutcome a partner system reads: one issue per
 * recipient, with the decision's reason codes as coded details and the ledger index that records
 * it, then one {@code warning} issue per notice warning (ADW timing rules the notice does not meet,
 * say), which never change a decision.
 */
class OutcomeRenderer {
  /** The code system of Concordat's decision reason codes (see docs/decision-reasons.md). */
  public static final String REASON_SYSTEM = "urn:concordat:decision-reason";

  /** The code system of notice warning codes (see docs/adw-notices.md). */
  public static final String WARNING_SYSTEM = "urn:concordat:notice-warning";

  private final FhirContext fhir;

  public OutcomeRenderer(FhirContext fhir) {
    this.fhir = fhir;
  }

  public OperationOutcome decisions(String messageId, List<RecipientDecision> decisions) {
    return decisions(messageId, decisions, List.of());
  }

  /**
   * The decisions as above, followed by one issue of severity {@code warning} per notice warning,
   * its code in {@code details} ({@value #WARNING_SYSTEM}) and the elements it concerns as {@code
   * expression}.
   */
  public OperationOutcome decisions(
      String messageId, List<RecipientDecision> decisions, List<NoticeWarning> warnings) {
    OperationOutcome outcome = new OperationOutcome();
    outcome.setId(messageId);
    for (RecipientDecision d : decisions) {
      boolean permitted = d.decision() instanceof Decision.Permit;
      String text =
          (permitted ? "Accepted for " : "Not disclosed to ")
              + d.recipient()
              + " ("
              + d.decision().outcome()
              + "): "
              + sentences(d.decision().reasons())
              + " Recorded at ledger index "
              + d.ledgerIndex()
              + "; Concordat message "
              + messageId
              + ".";
      CodeableConcept details = new CodeableConcept();
      for (Reason reason : d.decision().reasons()) {
        details.addCoding(new Coding(REASON_SYSTEM, reason.code(), null));
      }
      if (d.decision() instanceof Decision.Permit permit) {
        permit
            .withheld()
            .forEach(
                (category, reason) ->
                    details.addCoding(
                        new Coding(REASON_SYSTEM, reason.code(), "withheld " + category)));
      }
      outcome
          .addIssue()
          .setSeverity(permitted ? IssueSeverity.INFORMATION : IssueSeverity.ERROR)
          .setCode(permitted ? IssueType.INFORMATIONAL : IssueType.BUSINESSRULE)
          .setDiagnostics(text)
          .setDetails(details)
          .addExpression("MessageHeader.destination.receiver");
    }
    for (NoticeWarning warning : warnings) {
      OperationOutcome.OperationOutcomeIssueComponent issue =
          outcome
              .addIssue()
              .setSeverity(IssueSeverity.WARNING)
              .setCode(IssueType.BUSINESSRULE)
              .setDiagnostics(warning.text())
              .setDetails(
                  new CodeableConcept(new Coding(WARNING_SYSTEM, warning.code(), null))
                      .setText(warning.text()));
      warning.elements().forEach(issue::addExpression);
    }
    return outcome;
  }

  private static String sentences(List<Reason> reasons) {
    StringBuilder text = new StringBuilder();
    for (Reason reason : reasons) {
      String sentence = reason.text().strip();
      text.append(sentence);
      if (!sentence.endsWith(".")) {
        text.append('.');
      }
      text.append(' ');
    }
    return text.toString().strip();
  }

  /** The denial answer for a file drop, as FHIR JSON bytes. */
  public byte[] denialJson(ReceiveOutcome.Denied denied) {
    return json(denied.messageId(), denied.decisions(), denied.warnings());
  }

  /**
   * The answer for a file drop of which some recipients were denied and others permitted: every
   * recipient's decision, as FHIR JSON bytes.
   */
  public byte[] partialDenialJson(ReceiveOutcome.Accepted accepted) {
    return json(accepted.messageId(), accepted.decisions(), accepted.warnings());
  }

  private byte[] json(
      String messageId, List<RecipientDecision> decisions, List<NoticeWarning> warnings) {
    return fhir.newJsonParser()
        .setPrettyPrint(true)
        .encodeResourceToString(decisions(messageId, decisions, warnings))
        .getBytes(StandardCharsets.UTF_8);
  }
}
