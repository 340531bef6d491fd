package org.concordat.broker.web;

import java.util.List;

/**
 * A request a feature will not carry out, for a reason the caller can act on: the HTTP status, a
 * title and plain sentences safe to show the caller (never personal data, never internal text).
 * Features throw their own subclasses; {@link ApiProblems} answers every one as an RFC 9457
 * problem.
 */
public abstract class RequestRefused extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final List<String> problems;

  protected RequestRefused(List<String> problems) {
    super(String.join(" ", problems));
    this.problems = List.copyOf(problems);
  }

  /** The HTTP status of the answer (4xx, or 503 for "not now"). */
  public abstract int status();

  /** A short title for the problem answer. */
  public abstract String title();

  /** Every reason, one sentence each. */
  public List<String> problems() {
    return problems;
  }
}
