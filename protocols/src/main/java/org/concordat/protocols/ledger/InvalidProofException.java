package org.concordat.protocols.ledger;

/**
 * An inclusion or consistency proof that does not prove what it claims: malformed (a hash of the
 * wrong length, too many or too few hashes, impossible sizes) or leading to a different root. The
 * message says which. Checked, so a caller cannot forget that verification can fail.
 */
public final class InvalidProofException extends Exception {
  private static final long serialVersionUID = 1L;

  public InvalidProofException(String message) {
    super(message);
  }
}
