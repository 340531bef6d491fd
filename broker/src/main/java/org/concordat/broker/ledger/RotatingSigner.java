package org.concordat.broker.ledger;

import java.util.Objects;
import java.util.function.Supplier;
import org.concordat.protocols.ledger.Signer;

/**
 * The ledger's checkpoint signer, replaceable while the broker runs (key rotation). Everything that
 * signs for the ledger (checkpoints, consent receipts) asks this one object for the signer once per
 * note, so a rotation takes effect everywhere at once and no note mixes two keys.
 */
public final class RotatingSigner implements Supplier<Signer> {
  private volatile Signer current;

  public RotatingSigner(Signer initial) {
    this.current = Objects.requireNonNull(initial, "initial");
  }

  /** The signer in use now. */
  @Override
  public Signer get() {
    return current;
  }

  /** From now on signs with {@code next}, which must have the same key name. */
  void replaceWith(Signer next) {
    if (!next.keyName().equals(current.keyName())) {
      throw new IllegalArgumentException("A rotated key keeps the ledger's key name");
    }
    current = next;
  }
}
