package org.concordat.adapters.hl7v2;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An HL7 v2 message that cannot become a notice. The message is a plain sentence naming the problem
 * and the field (e.g. {@code PID-3}); it never quotes the message's content, so it may be logged
 * and returned in the ERR segment of the answer.
 */
public final class AdtRejectedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final AdtProblem problem;
  private final @Nullable String segment;
  private final int field;

  /**
   * @param segment the segment at fault, e.g. {@code PID}, or null when none can be named
   * @param field the field position in it, or 0
   */
  public AdtRejectedException(
      AdtProblem problem, String message, @Nullable String segment, int field) {
    super(message);
    this.problem = Objects.requireNonNull(problem, "problem");
    this.segment = segment;
    this.field = field;
  }

  public AdtRejectedException(AdtProblem problem, String message) {
    this(problem, message, null, 0);
  }

  public AdtProblem problem() {
    return problem;
  }

  public @Nullable String segment() {
    return segment;
  }

  public int field() {
    return field;
  }
}
