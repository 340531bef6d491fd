package org.concordat.broker.web;

import jakarta.servlet.http.HttpServletRequest;
import org.concordat.adapters.logging.LogSafe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.annotation.Order;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.web.ErrorResponse;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * The last answer under {@code /api}: an exception that no feature turned into a refusal and that
 * Spring does not know is a bug, so it is a 500 problem titled "Internal error" with the request's
 * correlation id ({@link RequestIds}, also the {@code X-Request-ID} header) and nothing of the
 * exception. It is logged once, at ERROR, with that id, its classes and stack frames and no message
 * ({@link LogSafe#withoutMessages}: a message may quote personal data). Ordered after every other
 * handler, Spring Boot's problem handler included.
 */
@RestControllerAdvice(basePackages = "org.concordat.broker")
@Order(Ordered.LOWEST_PRECEDENCE)
class UnexpectedFailures {
  private static final Logger log = LoggerFactory.getLogger(UnexpectedFailures.class);

  @ExceptionHandler(Exception.class)
  ResponseEntity<ProblemDetail> unexpected(Exception e, HttpServletRequest request)
      throws Exception {
    if (answeredElsewhere(e)) {
      // Rethrowing the same exception leaves it to the next resolver, or to Spring Security.
      throw e;
    }
    String id = RequestIds.of(request);
    log.error(
        "Unexpected failure serving {} {} (correlation id {})",
        LogSafe.field(request.getMethod()),
        LogSafe.field(request.getRequestURI()),
        id,
        LogSafe.withoutMessages(e));
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.INTERNAL_SERVER_ERROR,
            "The server failed unexpectedly; nothing about your request is in this answer or the"
                + " log. Quote correlation id "
                + id
                + " when you report it.");
    problem.setTitle("Internal error");
    problem.setProperty("correlationId", id);
    return ResponseEntity.internalServerError()
        .header(RequestIds.HEADER, id)
        .cacheControl(CacheControl.noStore())
        .body(problem);
  }

  /**
   * Exceptions with an answer of their own: Spring Security's (the filter chain answers 401/403),
   * Spring's own with a status, and exceptions annotated with one.
   */
  private static boolean answeredElsewhere(Exception e) {
    return e instanceof AccessDeniedException
        || e instanceof AuthenticationException
        || e instanceof ErrorResponse
        || AnnotatedElementUtils.hasAnnotation(e.getClass(), ResponseStatus.class);
  }
}
