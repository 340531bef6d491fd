package org.concordat.protocols.sharing;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A protocol file that cannot be used, with every problem found in it (not just the first), so an
 * IG lead can fix them all in one pass.
 */
public final class InvalidProtocolException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  @SuppressWarnings("serial") // an immutable List.copyOf of records; never serialised in practice
  private final List<ProtocolProblem> problems;

  public InvalidProtocolException(List<ProtocolProblem> problems) {
    super(summary(problems));
    this.problems = List.copyOf(problems);
  }

  /** The problems in the order they appear in the file. Never empty. */
  public List<ProtocolProblem> problems() {
    return problems;
  }

  private static String summary(List<ProtocolProblem> problems) {
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("An invalid protocol has at least one problem");
    }
    return problems.size()
        + (problems.size() == 1 ? " problem" : " problems")
        + " in the protocol:\n"
        + problems.stream().map(ProtocolProblem::toString).collect(Collectors.joining("\n"));
  }
}
