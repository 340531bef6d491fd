package org.concordat.broker.web;

import ca.uhn.fhir.interceptor.api.Hook;
import ca.uhn.fhir.interceptor.api.Interceptor;
import ca.uhn.fhir.interceptor.api.Pointcut;
import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import ca.uhn.fhir.rest.server.exceptions.ForbiddenOperationException;
import ca.uhn.fhir.rest.server.exceptions.InternalErrorException;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.UnclassifiedServerFailureException;
import ca.uhn.fhir.rest.server.servlet.ServletRequestDetails;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.concordat.adapters.fhir.OperationOutcomes;
import org.concordat.adapters.logging.LogSafe;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.access.AccessDeniedException;

/**
 * What leaves the FHIR server when something fails: never the request. The broker's own refusals
 * carry an OperationOutcome written from safe sentences and pass unchanged; anything else — HAPI's
 * own errors (which quote parameter names, and a form-encoded body is all parameter names), parser
 * errors (which quote the document), unexpected exceptions — is answered with a sentence for its
 * status and HAPI's error code only. An unexpected failure is logged with an incident id (the
 * request's correlation id, {@link RequestIds}, also its {@code X-Request-ID} header), its classes
 * and stack frames, and no message ({@link LogSafe#withoutMessages}); HAPI itself logs nothing,
 * since every exception reaches it with an OperationOutcome.
 */
@Interceptor
final class FhirErrors {
  private static final Logger log = LoggerFactory.getLogger(FhirErrors.class);
  private static final Pattern HAPI_CODE = Pattern.compile("(HAPI-\\d+)");

  @Hook(Pointcut.SERVER_PRE_PROCESS_OUTGOING_EXCEPTION)
  public BaseServerResponseException safe(RequestDetails request, Throwable error) {
    if (error instanceof BaseServerResponseException answer
        && answer.getOperationOutcome() != null) {
      return answer;
    }
    if (error instanceof AccessDeniedException) {
      String text = "Your account's role does not allow this request.";
      return withOutcome(new ForbiddenOperationException(text), IssueType.FORBIDDEN, text);
    }
    if (error instanceof DataFormatException) {
      String text = "The request body is not a well-formed FHIR R4 resource" + code(error) + ".";
      return withOutcome(new InvalidRequestException(text), IssueType.STRUCTURE, text);
    }
    int status = error instanceof BaseServerResponseException answer ? answer.getStatusCode() : 500;
    if (status >= 500) {
      String incident =
          request instanceof ServletRequestDetails servlet && servlet.getServletRequest() != null
              ? RequestIds.of(servlet.getServletRequest())
              : UUID.randomUUID().toString();
      log.error(
          "Unexpected failure serving FHIR {} {} (incident {})",
          request.getRestOperationType(),
          LogSafe.field(request.getResourceName()),
          incident,
          LogSafe.withoutMessages(error));
      String text =
          "The server failed unexpectedly; nothing about your request is in this answer or the"
              + " log. Incident "
              + incident
              + ".";
      return withOutcome(new InternalErrorException(text), IssueType.EXCEPTION, text);
    }
    String text = sentence(status) + code(error) + ".";
    IssueType type =
        switch (status) {
          case 401 -> IssueType.LOGIN;
          case 403 -> IssueType.FORBIDDEN;
          case 404 -> IssueType.NOTFOUND;
          case 405, 415 -> IssueType.NOTSUPPORTED;
          case 409, 412 -> IssueType.CONFLICT;
          case 413 -> IssueType.TOOLONG;
          default -> IssueType.INVALID;
        };
    BaseServerResponseException answer =
        status == 400
            ? new InvalidRequestException(text)
            : new UnclassifiedServerFailureException(status, text);
    if (error instanceof BaseServerResponseException original && original.hasResponseHeaders()) {
      original
          .getResponseHeaders()
          .forEach((name, values) -> values.forEach(v -> answer.addResponseHeader(name, v)));
    }
    return withOutcome(answer, type, text);
  }

  private static String sentence(int status) {
    return switch (status) {
      case 401 -> "Authentication is required";
      case 403 -> "Your account's role does not allow this request";
      case 404 -> "There is no such resource or operation on this server";
      case 405 -> "This server does not allow that method here";
      case 406 -> "This server cannot answer in the format asked for";
      case 409, 412 -> "The request conflicts with the resource's current version";
      case 413 -> "The request body is too large";
      case 415 -> "The request's content type is not accepted";
      default -> "The request is not one this server can process";
    };
  }

  /** HAPI's error code, e.g. {@code " (HAPI-0450)"}, or nothing: never the rest of the message. */
  private static String code(Throwable error) {
    for (Throwable t = error; t != null; t = t.getCause() == t ? null : t.getCause()) {
      Matcher code = HAPI_CODE.matcher(String.valueOf(t.getMessage()));
      if (code.find()) {
        return " (" + code.group(1) + ")";
      }
    }
    return "";
  }

  private static <E extends BaseServerResponseException> E withOutcome(
      E exception, IssueType type, String text) {
    exception.setOperationOutcome(OperationOutcomes.error(type, text));
    return exception;
  }
}
