package org.concordat.broker.web;

import java.util.List;

/**
 * A request a feature will not carry out, for a reason the caller can act on: the HTTP status, a
 * title and plain sentences safe to show the caller (never personal data, never internal text).
 * Features throw their own subclasses; {@link ApiProblems} answers every one as an RFC 9457
 * problem: the title, the detail, and the sentences as {@code problems} (left out when there are
 * none).
 */
public abstract class RequestRefused extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String detail;
  private final List<String> problems;

  /** A refusal whose detail is its problems, one sentence each, joined. */
  protected RequestRefused(List<String> problems) {
    this(String.join(" ", problems), problems);
  }

  /**
   * A refusal with a detail of its own and the problems behind it (none: the detail says it all).
   */
  protected RequestRefused(String detail, List<String> problems) {
    super(detail);
    this.detail = detail;
    this.problems = List.copyOf(problems);
  }

  /** The HTTP status of the answer (4xx, or 503 for "not now"). */
  public abstract int status();

  /** A short title for the problem answer. */
  public abstract String title();

  /** The problem answer's detail: what is wrong, in plain sentences. */
  public String detail() {
    return detail;
  }

  /** Every reason, one sentence each; empty when the detail says it all. */
  public List<String> problems() {
    return problems;
  }
}
