package org.concordat.adapters.optout;

import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * A cohort file Concordat will not read, with every problem found (up to {@link
 * OptOutFiles#MAX_PROBLEMS}). Sentences name the file and line, never the line's content, so they
 * may be logged.
 */
public final class OptOutFileException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * One problem.
   *
   * @param line the 1-based line it is on; null when it is about the whole file
   */
  public record Problem(@Nullable Integer line, String sentence) {
    public Problem {
      Objects.requireNonNull(sentence, "sentence");
      if (line != null && line < 1) {
        throw new IllegalArgumentException("Lines are counted from 1");
      }
    }

    /** {@code returned.dat line 7: ...} or {@code returned.dat: ...}. */
    public String describe(String fileName) {
      return fileName + (line == null ? "" : " line " + line) + ": " + sentence;
    }
  }

  private final String fileName;

  @SuppressWarnings("serial") // an immutable List.copyOf
  private final List<Problem> problems;

  private final boolean truncated;

  /**
   * @param truncated whether reading stopped at {@link OptOutFiles#MAX_PROBLEMS} problems, so that
   *     there may be more
   */
  public OptOutFileException(String fileName, List<Problem> problems, boolean truncated) {
    super(message(fileName, problems, truncated));
    this.fileName = fileName;
    this.problems = List.copyOf(problems);
    this.truncated = truncated;
  }

  public String fileName() {
    return fileName;
  }

  /** In file order; never empty. */
  public List<Problem> problems() {
    return problems;
  }

  public boolean truncated() {
    return truncated;
  }

  private static String message(String fileName, List<Problem> problems, boolean truncated) {
    Objects.requireNonNull(fileName, "fileName");
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("A refused file has at least one problem");
    }
    return problems.stream().map(p -> p.describe(fileName)).collect(Collectors.joining("\n"))
        + (truncated
            ? "\n" + fileName + ": reading stopped after " + problems.size() + " problems"
            : "");
  }
}
