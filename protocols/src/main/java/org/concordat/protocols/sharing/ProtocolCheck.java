package org.concordat.protocols.sharing;

import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * The result of checking a protocol file: every problem found (errors and warnings, in file order)
 * and the protocol itself when there is no error.
 */
public record ProtocolCheck(@Nullable Protocol protocol, List<ProtocolProblem> problems) {
  public ProtocolCheck {
    problems = List.copyOf(problems);
    boolean errors = problems.stream().anyMatch(ProtocolProblem::isError);
    if ((protocol == null) != errors) {
      throw new IllegalArgumentException("A protocol is given exactly when there is no error");
    }
  }

  public boolean hasErrors() {
    return protocol == null;
  }

  public List<ProtocolProblem> errors() {
    return problems.stream().filter(ProtocolProblem::isError).toList();
  }

  public List<ProtocolProblem> warnings() {
    return problems.stream().filter(p -> !p.isError()).toList();
  }
}
