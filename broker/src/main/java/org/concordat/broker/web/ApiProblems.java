package org.concordat.broker.web;

import org.concordat.broker.pipeline.ConsentRequestException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Turns bad API input into RFC 9457 problem details that say what is wrong. */
@RestControllerAdvice(basePackages = "org.concordat.broker.web")
class ApiProblems {

  @ExceptionHandler(IllegalArgumentException.class)
  ProblemDetail invalidArgument(IllegalArgumentException e) {
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, e.getMessage());
    problem.setTitle("Invalid request");
    return problem;
  }

  @ExceptionHandler(ConsentRequestException.class)
  ProblemDetail consent(ConsentRequestException e) {
    HttpStatus status =
        switch (e.kind()) {
          case INVALID -> HttpStatus.UNPROCESSABLE_ENTITY;
          case NOT_FOUND -> HttpStatus.NOT_FOUND;
          case CONFLICT -> HttpStatus.CONFLICT;
          case FORBIDDEN -> HttpStatus.FORBIDDEN;
          case NOT_ALLOWED -> HttpStatus.METHOD_NOT_ALLOWED;
          case UNAVAILABLE -> HttpStatus.SERVICE_UNAVAILABLE;
        };
    ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, e.getMessage());
    problem.setTitle("Consent request refused");
    problem.setProperty("problems", e.problems());
    return problem;
  }

  @ExceptionHandler(HttpMessageNotReadableException.class)
  ProblemDetail unreadable(HttpMessageNotReadableException e) {
    ProblemDetail problem =
        ProblemDetail.forStatusAndDetail(
            HttpStatus.BAD_REQUEST, "The request body is not the JSON this endpoint expects");
    problem.setTitle("Unreadable request");
    return problem;
  }
}
