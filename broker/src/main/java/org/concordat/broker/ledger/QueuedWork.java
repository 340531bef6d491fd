package org.concordat.broker.ledger;

import java.util.concurrent.CompletableFuture;
import org.jspecify.annotations.Nullable;

/** One caller's work waiting for the sequencer, and the future its caller waits on. */
final class QueuedWork<R> {
  private final LedgerWork<R> work;
  final CompletableFuture<R> result = new CompletableFuture<>();
  private @Nullable R value;

  QueuedWork(LedgerWork<R> work) {
    this.work = work;
  }

  /** Runs the work on this attempt's batch; an earlier attempt's value is replaced. */
  void runOn(LedgerBatch batch) {
    value = work.apply(batch);
  }

  void complete() {
    result.complete(value);
  }
}
