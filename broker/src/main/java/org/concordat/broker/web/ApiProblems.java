package org.concordat.broker.web;

import com.fasterxml.jackson.core.exc.StreamReadException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.CacheControl;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/**
 * Turns the features' refusals ({@link RequestRefused}) and unreadable bodies into RFC 9457 problem
 * details that say what is wrong. Ordered before Spring Boot's generic problem handler, so these
 * answers are the ones given. Nothing else is mapped here: Spring's own exceptions get Boot's
 * problems, and anything unexpected is a 500 from {@link UnexpectedFailures}.
 */
@RestControllerAdvice(basePackages = "org.concordat.broker")
@Order(Ordered.HIGHEST_PRECEDENCE)
class ApiProblems {

  /**
   * A feature's refusal: its own status, title, detail and reasons. Never stored by a cache: a
   * refusal is about this request.
   */
  @ExceptionHandler(RequestRefused.class)
  ResponseEntity<ProblemDetail> refused(RequestRefused e) {
    HttpStatus status = HttpStatus.valueOf(e.status());
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, e.detail());
    problem.setTitle(e.title());
    if (!e.problems().isEmpty()) {
      problem.setProperty("problems", e.problems());
    }
    return ResponseEntity.status(status).cacheControl(CacheControl.noStore()).body(problem);
  }

  /**
   * The request body could not be read. Jackson's own messages quote the document, so only the
   * duplicate key's name (a plain key) or the position is passed on.
   */
  @ExceptionHandler(HttpMessageNotReadableException.class)
  ProblemDetail unreadable(HttpMessageNotReadableException e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof StreamReadException read) {
        Matcher duplicate = DUPLICATE.matcher(String.valueOf(read.getOriginalMessage()));
        if (duplicate.find()) {
          String key = duplicate.group(1);
          ProblemDetail problem =
              ProblemDetail.forStatusAndDetail(
                  HttpStatus.BAD_REQUEST,
                  "The JSON object has the key "
                      + (PLAIN_KEY.matcher(key).matches()
                          ? "'" + key + "'"
                          : "(unusual characters)")
                      + " more than once; each key may appear only once");
          problem.setTitle("Duplicate JSON key");
          return problem;
        }
      }
    }
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.BAD_REQUEST, "The request body is not the JSON this endpoint expects");
    problem.setTitle("Unreadable request");
    return problem;
  }

  private static final Pattern DUPLICATE = Pattern.compile("Duplicate field '([^']*)'");
  private static final Pattern PLAIN_KEY = Pattern.compile("[A-Za-z0-9_$.\\-]{1,64}");
}
