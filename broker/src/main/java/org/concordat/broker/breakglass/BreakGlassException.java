package org.concordat.broker.breakglass;

import java.util.List;

/**
 * A break-glass grant or review the broker will not record, with every reason in plain sentences.
 */
final class BreakGlassException extends RuntimeException {
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
  private final List<String> problems;

  public BreakGlassException(Kind kind, List<String> problems) {
    super(String.join(" ", problems));
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("A refusal says why");
    }
    this.kind = kind;
    this.problems = List.copyOf(problems);
  }

  public Kind kind() {
    return kind;
  }

  public List<String> problems() {
    return problems;
  }
}
