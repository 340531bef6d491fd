package org.concordat.protocols.subject;

/** An NHS number that is missing, malformed or fails its check digit; the message says which. */
public final class InvalidNhsNumberException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public InvalidNhsNumberException(String message) {
    super(message);
  }
}
