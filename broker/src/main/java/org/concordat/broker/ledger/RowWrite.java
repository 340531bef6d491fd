package org.concordat.broker.ledger;

/**
 * A row written on its own in a batch's transaction, after its entries and batched rows: for rows
 * that reference an entry of the batch, or that may be refused (a unique key another message
 * already holds). A failure fails only the work item that added the row; the others are run again
 * without it.
 *
 * @param <T> the row
 */
@FunctionalInterface
public interface RowWrite<T> {
  void write(T row);
}
