package org.concordat.adapters.fhir;

import java.util.Objects;

/**
 * An inbound message that Concordat refuses to read. The message is a plain sentence naming the
 * problem and the element; it never contains the NHS number, names or other personal data, so it
 * may be logged and returned to the sender (see {@link OperationOutcomes#of}).
 */
public final class InvalidMessageException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final IssueKind kind;

  public InvalidMessageException(IssueKind kind, String message) {
    super(message);
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  /**
   * @param cause chained only where its own message cannot quote the content (for example an NHS
   *     number check), since callers may log the whole chain
   */
  public InvalidMessageException(IssueKind kind, String message, Throwable cause) {
    super(message, cause);
    this.kind = Objects.requireNonNull(kind, "kind");
  }

  public IssueKind kind() {
    return kind;
  }
}
