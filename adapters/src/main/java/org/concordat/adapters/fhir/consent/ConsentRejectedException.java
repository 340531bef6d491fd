package org.concordat.adapters.fhir.consent;

import java.util.List;

/**
 * A Consent that Concordat will not record, with every reason found. Each problem is a plain
 * sentence that starts with the element it is about ({@code Consent.provision.actor[0]: ...}); none
 * quotes an NHS number or a name, so they may be logged and returned to the sender.
 */
public final class ConsentRejectedException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  @SuppressWarnings("serial") // an immutable List.copyOf
  private final List<String> problems;

  public ConsentRejectedException(List<String> problems) {
    super(message(problems));
    this.problems = List.copyOf(problems);
  }

  /** The reasons, in the order they were found; never empty. */
  public List<String> problems() {
    return problems;
  }

  private static String message(List<String> problems) {
    if (problems.isEmpty()) {
      throw new IllegalArgumentException("A rejected Consent has at least one problem");
    }
    return "The Consent cannot be recorded: " + String.join(" | ", problems);
  }
}
