package org.concordat.broker.ledger;

import org.jspecify.annotations.Nullable;

/**
 * The ledger could not record something (database down, commit failed, timed out). Nothing of the
 * work was written; the caller must not acknowledge a disclosure.
 */
public final class LedgerUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public LedgerUnavailableException(String message, @Nullable Throwable cause) {
    super(message, cause);
  }
}
