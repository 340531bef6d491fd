package org.concordat.protocols.ledger;

/**
 * Bytes that are not a ledger entry in canonical form (malformed JSON, a missing or unknown member,
 * or a form that would not re-canonicalise to the same bytes). The message says which.
 */
public final class InvalidLedgerEntryException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  public InvalidLedgerEntryException(String message) {
    super(message);
  }

  public InvalidLedgerEntryException(String message, Throwable cause) {
    super(message, cause);
  }
}
