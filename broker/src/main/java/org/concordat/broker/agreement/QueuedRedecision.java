package org.concordat.broker.agreement;

/**
 * Decides again the queued, not yet delivered disclosures a {@link NarrowingChange} may affect,
 * under the state now in force: one still allowed in full is left alone; any other is cancelled
 * with a {@code delivery-cancelled} ledger entry, and whatever is still permitted is queued again
 * under a new entry. Every change that can narrow what is allowed goes through this one port.
 */
@FunctionalInterface
public interface QueuedRedecision {
  /**
   * @return how many queued deliveries were cancelled
   */
  int redecide(NarrowingChange change);
}
