package org.concordat.adapters.mapping;

import java.util.List;

/** A mapping file that cannot be used, with every problem found in it. */
public final class InvalidMappingException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final transient List<MappingFileProblem> problems;

  public InvalidMappingException(List<MappingFileProblem> problems) {
    super(summary(problems));
    this.problems = List.copyOf(problems);
  }

  public List<MappingFileProblem> problems() {
    return problems;
  }

  private static String summary(List<MappingFileProblem> problems) {
    if (problems.isEmpty()) {
      return "The mapping is invalid";
    }
    return problems.get(0)
        + (problems.size() == 1 ? "" : " (and " + (problems.size() - 1) + " more problem(s))");
  }
}
