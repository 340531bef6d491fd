package org.concordat.broker.breakglass;

import java.util.List;
import org.concordat.broker.web.RequestRefused;

/**
 * A break-glass grant or review the broker will not record, with every reason in plain sentences.
 */
final class BreakGlassException extends RequestRefused {
  private static final long serialVersionUID = 1L;

  /** What kind of refusal: decides the HTTP status. */
  public enum Kind {
    /** The request breaks a break-glass rule (422). */
    INVALID,
    /** The person may not do this (403). */
    FORBIDDEN,
    /** No such grant (404). */
    NOT_FOUND,
    /** The grant was already reviewed (409). */
    CONFLICT
  }

  private final Kind kind;

  public BreakGlassException(Kind kind, List<String> problems) {
    super(problems);
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("A refusal says why");
    }
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }

  @Override
  public int status() {
    return switch (kind) {
      case INVALID -> 422;
      case FORBIDDEN -> 403;
      case NOT_FOUND -> 404;
      case CONFLICT -> 409;
    };
  }

  @Override
  public String title() {
    return "Break-glass request refused";
  }
}
