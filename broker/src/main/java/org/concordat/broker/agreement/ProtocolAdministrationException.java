package org.concordat.broker.agreement;

import java.util.List;

/** A change to a party's part in the protocol that is refused, and why (for an API problem). */
final class ProtocolAdministrationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** What kind of refusal, so the API answers with the right status. */
  public enum Kind {
    /** The request is understood but breaks a rule (422). */
    INVALID,
    /** The caller may not act for this party (403). */
    FORBIDDEN,
    /** The party's standing does not allow this change (409). */
    CONFLICT
  }

  private final Kind kind;
  private final List<String> problems;

  public ProtocolAdministrationException(Kind kind, List<String> problems) {
    super(String.join(" ", problems));
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
