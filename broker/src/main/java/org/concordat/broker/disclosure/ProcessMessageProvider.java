package org.concordat.broker.disclosure;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.PayloadTooLargeException;
import ca.uhn.fhir.rest.server.exceptions.ResourceVersionConflictException;
import ca.uhn.fhir.rest.server.exceptions.UnclassifiedServerFailureException;
import ca.uhn.fhir.rest.server.exceptions.UnprocessableEntityException;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import org.concordat.adapters.fhir.OperationOutcomes;
import org.concordat.broker.ledger.LedgerUnavailableException;
import org.concordat.broker.security.AuthenticatedPartner;
import org.concordat.broker.web.FhirAccess;
import org.concordat.broker.web.FhirProvider;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;

/**
 * {@code POST /fhir/$process-message}: a partner system sends a FHIR R4 message Bundle (e.g. a
 * hospital discharge notice). The body is read here, bounded, so that size limits and XML safety
 * are enforced before any parser sees it.
 *
 * <p>Answers: 200 with an OperationOutcome listing each recipient's decision and ledger index; 422
 * when every recipient is denied (the reasons are coded); 400/403/413/415 for bad input, always as
 * an OperationOutcome. A repeat of a message already decided gets the original answer; a different
 * message under an id the sender already used gets 409.
 */
public class ProcessMessageProvider implements FhirProvider {
  private final DisclosurePipeline pipeline;
  private final OutcomeRenderer outcomes;
  private final FhirContext fhir;
  private final long maxBytes;
  private final Clock clock;

  public ProcessMessageProvider(
      DisclosurePipeline pipeline,
      OutcomeRenderer outcomes,
      FhirContext fhir,
      long maxBytes,
      Clock clock) {
    this.pipeline = pipeline;
    this.outcomes = outcomes;
    this.fhir = fhir;
    this.maxBytes = maxBytes;
    this.clock = clock;
  }

  @Operation(name = "$process-message", manualRequest = true, idempotent = false)
  public IBaseResource processMessage(HttpServletRequest request) {
    AuthenticatedPartner partner = FhirAccess.partner();
    byte[] body = readBounded(request);
    ReceiveOutcome outcome;
    try {
      outcome =
          pipeline.receive(
              new InboundMessage(
                  partner.ods(),
                  InboundMessage.Transport.FHIR_REST,
                  null,
                  request.getContentType(),
                  body,
                  clock.instant()));
    } catch (LedgerUnavailableException e) {
      String text =
          "The message was received but could not be recorded in the ledger, so nothing was"
              + " disclosed; send it again later";
      throw withOutcome(
          new UnclassifiedServerFailureException(503, text), IssueType.TRANSIENT, text);
    }
    if (outcome instanceof ReceiveOutcome.Accepted accepted) {
      return outcomes.decisions(accepted.messageId(), accepted.decisions(), accepted.warnings());
    }
    if (outcome instanceof ReceiveOutcome.Denied denied) {
      throw new UnprocessableEntityException(
          fhir, outcomes.decisions(denied.messageId(), denied.decisions(), denied.warnings()));
    }
    ReceiveOutcome.Rejected rejected = (ReceiveOutcome.Rejected) outcome;
    throw rejection(rejected);
  }

  private byte[] readBounded(HttpServletRequest request) {
    long declared = request.getContentLengthLong();
    if (declared > maxBytes) {
      throw tooLarge(declared);
    }
    try (InputStream in = request.getInputStream()) {
      byte[] body = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, maxBytes + 1));
      if (body.length > maxBytes) {
        throw tooLarge(body.length);
      }
      if (body.length == 0) {
        throw withOutcome(
            new InvalidRequestException("The request has no body"),
            IssueType.REQUIRED,
            "The request has no body: send a FHIR message Bundle");
      }
      return body;
    } catch (IOException e) {
      throw withOutcome(
          new InvalidRequestException("The request body could not be read"),
          IssueType.EXCEPTION,
          "The request body could not be read");
    }
  }

  private PayloadTooLargeException tooLarge(long size) {
    String text =
        "The message is " + size + " bytes, over this endpoint's limit of " + maxBytes + " bytes";
    return withOutcome(new PayloadTooLargeException(text), IssueType.TOOLONG, text);
  }

  private BaseServerResponseException rejection(ReceiveOutcome.Rejected rejected) {
    String text = rejected.reason() + " (Concordat message " + rejected.messageId() + ")";
    return switch (rejected.kind()) {
      case TOO_LARGE -> withOutcome(new PayloadTooLargeException(text), IssueType.TOOLONG, text);
      case SENDER_MISMATCH ->
          withOutcome(new ForbiddenOperationException(text), IssueType.FORBIDDEN, text);
      case UNKNOWN_SENDER, UNKNOWN_EVENT, NO_DELIVERY_ROUTE, AMBIGUOUS_SUBJECT ->
          new UnprocessableEntityException(
              fhir, OperationOutcomes.error(IssueType.NOTSUPPORTED, text));
      case FORBIDDEN_XML_CONSTRUCT ->
          withOutcome(new InvalidRequestException(text), IssueType.SECURITY, text);
      case UNSUPPORTED_MEDIA_TYPE ->
          withOutcome(
              new UnclassifiedServerFailureException(415, text), IssueType.NOTSUPPORTED, text);
      case DUPLICATE_KEY ->
          withOutcome(new InvalidRequestException(text), IssueType.STRUCTURE, text);
      case LIMIT_EXCEEDED ->
          new UnprocessableEntityException(fhir, OperationOutcomes.error(IssueType.TOOLONG, text));
      case INVALID_TEXT, UNTRANSLATABLE ->
          new UnprocessableEntityException(fhir, OperationOutcomes.error(IssueType.INVALID, text));
      case MISSING_ELEMENT ->
          withOutcome(new InvalidRequestException(text), IssueType.REQUIRED, text);
      case INVALID_NHS_NUMBER, INVALID_ODS_CODE ->
          withOutcome(new InvalidRequestException(text), IssueType.VALUE, text);
      case MALFORMED, NOT_A_MESSAGE ->
          withOutcome(new InvalidRequestException(text), IssueType.STRUCTURE, text);
      case DUPLICATE_MESSAGE_ID ->
          withOutcome(new ResourceVersionConflictException(text), IssueType.DUPLICATE, text);
    };
  }

  private static <E extends BaseServerResponseException> E withOutcome(
      E exception, IssueType type, String text) {
    OperationOutcome outcome = OperationOutcomes.error(type, text);
    exception.setOperationOutcome(outcome);
    return exception;
  }
}
