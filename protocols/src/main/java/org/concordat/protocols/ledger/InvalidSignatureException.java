package org.concordat.protocols.ledger;

/** A signature that does not verify; checked, so a caller cannot forget it. */
public final class InvalidSignatureException extends Exception {
  private static final long serialVersionUID = 1L;

  public InvalidSignatureException(String message) {
    super(message);
  }

  public InvalidSignatureException(String message, Throwable cause) {
    super(message, cause);
  }
}
