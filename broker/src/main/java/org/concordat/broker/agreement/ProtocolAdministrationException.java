package org.concordat.broker.agreement;

import java.util.List;
import org.concordat.broker.web.RequestRefused;

/** A change to a party's part in the protocol that is refused, and why (for an API problem). */
final class ProtocolAdministrationException extends RequestRefused {
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

  public ProtocolAdministrationException(Kind kind, List<String> problems) {
    super(problems);
    this.kind = kind;
  }

  public Kind kind() {
    return kind;
  }

  @Override
  public int status() {
    return switch (kind) {
      case INVALID -> 422;
      case FORBIDDEN -> 403;
      case CONFLICT -> 409;
    };
  }

  @Override
  public String title() {
    return "Protocol change refused";
  }
}
