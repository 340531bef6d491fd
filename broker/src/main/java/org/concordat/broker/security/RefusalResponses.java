package org.concordat.broker.security;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;

/**
 * How the broker says "who are you?" (401) and "not you" (403) in each API's own error format: RFC
 * 9457 problem details under {@code /api}, a FHIR OperationOutcome under {@code /fhir}. Both keep
 * the HTTP Basic challenge on 401. Nothing about the request is echoed back.
 */
public final class RefusalResponses implements AuthenticationEntryPoint, AccessDeniedHandler {
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

  private static void write(
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
