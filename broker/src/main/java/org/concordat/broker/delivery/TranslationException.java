package org.concordat.broker.delivery;

import java.util.List;
import org.concordat.adapters.mapping.MappingProblem;

/**
 * A notice the broker accepted could not be put in a recipient's format. The message lists the
 * mapping's problems, which name fields but never values, so it may be logged and returned.
 */
public final class TranslationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public TranslationException(String format, List<MappingProblem> problems) {
    super(
        "The notice cannot be translated into "
            + format
            + ": "
            + String.join("; ", problems.stream().map(MappingProblem::toString).toList()));
  }
}
