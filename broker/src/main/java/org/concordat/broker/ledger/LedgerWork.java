package org.concordat.broker.ledger;

/**
 * Work handed to the {@link LedgerSequencer}: it adds entries and rows to the batch and returns a
 * value, which the caller gets once the batch has committed.
 *
 * <p>It must be re-runnable and have no effect outside the batch: when another item of the same
 * batch fails, or another node moved the ledger head, the batch is rolled back and the work is run
 * again on a fresh batch. Anything it needs to read it reads again; anything that must happen only
 * once it adds to the batch ({@link LedgerBatch#insert}, {@link LedgerBatch#publishAfterCommit}).
 *
 * @param <R> what the caller gets back
 */
@FunctionalInterface
public interface LedgerWork<R> {
  R apply(LedgerBatch batch);
}
