package org.concordat.broker.consent;

import java.util.List;
import org.concordat.broker.web.RequestRefused;
import org.hl7.fhir.r4.model.OperationOutcome;
import org.jspecify.annotations.Nullable;

/** A consent request the registry will not carry out, with every reason in plain sentences. */
final class ConsentRequestException extends RequestRefused {
  private static final long serialVersionUID = 1L;

  /** What kind of refusal: decides the HTTP status. */
  public enum Kind {
    /** The Consent is not valid or cannot be understood (422). */
    INVALID,
    /** No such directive or version (404). */
    NOT_FOUND,
    /** The version named is not the current one (409). */
    CONFLICT,
    /** The caller may not see or change it (403). */
    FORBIDDEN,
    /** A delete: consent history is never deleted (405). */
    NOT_ALLOWED,
    /** It could not be handled now (validation ran out of time, or too many at once) (503). */
    UNAVAILABLE
  }

  private final Kind kind;
  private final transient @Nullable OperationOutcome outcome;

  public ConsentRequestException(Kind kind, List<String> problems) {
    this(kind, problems, null);
  }

  /**
   * @param outcome a ready OperationOutcome (e.g. from validation, with element locations) to
   *     return as is; null to build one from {@code problems}
   */
  public ConsentRequestException(
      Kind kind, List<String> problems, @Nullable OperationOutcome outcome) {
    super(problems);
    this.kind = kind;
    this.outcome = outcome;
  }

  public Kind kind() {
    return kind;
  }

  @Override
  public int status() {
    return switch (kind) {
      case INVALID -> 422;
      case NOT_FOUND -> 404;
      case CONFLICT -> 409;
      case FORBIDDEN -> 403;
      case NOT_ALLOWED -> 405;
      case UNAVAILABLE -> 503;
    };
  }

  @Override
  public String title() {
    return "Consent request refused";
  }

  public @Nullable OperationOutcome outcome() {
    return outcome;
  }
}
