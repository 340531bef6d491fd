package org.concordat.broker.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.security.web.firewall.RequestRejectedHandler;

/**
 * How the broker says "who are you?" (401), "not you" (403), "that path is malformed" (400, from
 * the {@link PathFirewall}) and "wait" (429, {@link SignInThrottle}) in each API's own error
 * format: RFC 9457 problem details under {@code /api}, a FHIR OperationOutcome under {@code /fhir}.
 * 401 keeps the HTTP Basic challenge. Nothing about the request is echoed back or logged.
 */
final class RefusalResponses
    implements AuthenticationEntryPoint, AccessDeniedHandler, RequestRejectedHandler {
  private static final Logger log = LoggerFactory.getLogger(RefusalResponses.class);

  static final String REALM = "Basic realm=\"Concordat\"";

  @Override
  public void commence(
      HttpServletRequest request,
      HttpServletResponse response,
      AuthenticationException authException)
      throws IOException {
    response.setHeader("WWW-Authenticate", REALM);
    write(
        request,
        response,
        401,
        "Unauthorized",
        "login",
        "Authentication is required: send HTTP Basic credentials of a partner system or a person.");
  }

  @Override
  public void handle(
      HttpServletRequest request,
      HttpServletResponse response,
      AccessDeniedException accessDeniedException)
      throws IOException {
    write(
        request,
        response,
        403,
        "Forbidden",
        "forbidden",
        "Your account's role does not allow this request.");
  }

  @Override
  public void handle(
      HttpServletRequest request,
      HttpServletResponse response,
      RequestRejectedException requestRejectedException)
      throws IOException {
    // The path itself is not logged: it is the attacker's text.
    log.info("Refused a request with a malformed path");
    write(
        request,
        response,
        400,
        "Bad Request",
        "invalid",
        "The request is malformed: its path holds a character that no resource path uses (such as"
            + " an encoded control character, slash, backslash, percent sign or semicolon), or its"
            + " method or a header is not one this server accepts.");
  }

  /** 429 with {@code Retry-After}: too many failed sign-ins for the account or the address. */
  static void tooManyFailures(
      HttpServletRequest request, HttpServletResponse response, long retryAfterSeconds)
      throws IOException {
    response.setHeader("Retry-After", Long.toString(retryAfterSeconds));
    write(
        request,
        response,
        429,
        "Too Many Requests",
        "throttled",
        "Too many failed sign-ins for this account or from this address; try again in "
            + retryAfterSeconds
            + " seconds.");
  }

  static void write(
      HttpServletRequest request,
      HttpServletResponse response,
      int status,
      String title,
      String fhirCode,
      String detail)
      throws IOException {
    response.setStatus(status);
    String path = request.getRequestURI().substring(request.getContextPath().length());
    String body;
    if (path.startsWith("/fhir")) {
      response.setContentType("application/fhir+json");
      body =
          "{\"resourceType\":\"OperationOutcome\",\"issue\":[{\"severity\":\"error\",\"code\":\""
              + fhirCode
              + "\",\"diagnostics\":\""
              + detail
              + "\"}]}";
    } else {
      response.setContentType("application/problem+json");
      body =
          "{\"type\":\"about:blank\",\"title\":\""
              + title
              + "\",\"status\":"
              + status
              + ",\"detail\":\""
              + detail
              + "\"}";
    }
    response.getOutputStream().write(body.getBytes(StandardCharsets.UTF_8));
  }
}
