package org.concordat.broker.ledger;

import java.util.List;

/**
 * Rows of one kind that commit with a batch's ledger entries (a feature's outbox rows, inbound
 * statuses): the rows every work item of a batch added are written together, with one batched
 * statement, after the entries. A failure here is the store's, not an item's: the batch fails.
 *
 * @param <T> the row
 */
@FunctionalInterface
public interface BatchWrites<T> {
  void writeAll(List<T> rows);
}
