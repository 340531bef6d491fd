package org.concordat.broker.consent;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs costly work (profile validation) on a small pool of its own threads, each piece within a
 * time budget: work that is still running when the budget is spent is abandoned (interrupted) and
 * the caller hears so at once, and work offered while every thread is busy is refused rather than
 * queued. So a request that validates slowly answers within the budget, and at most {@code threads}
 * cores are ever spent on such work, however many requests arrive.
 */
final class TimeBudget implements AutoCloseable {
  private final ThreadPoolExecutor pool;
  private final Duration budget;

  /** The work did not finish within the budget, or no thread was free to start it. */
  public static final class ExceededException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final boolean busy;

    ExceededException(String message, boolean busy) {
      super(message);
      this.busy = busy;
    }

    /** Whether the work never started because every thread was busy. */
    public boolean busy() {
      return busy;
    }
  }

  /**
   * @param name names the threads, e.g. {@code consent-validation}
   * @param threads how many pieces of work may run at once
   */
  public TimeBudget(String name, int threads, Duration budget) {
    Objects.requireNonNull(name, "name");
    this.budget = Objects.requireNonNull(budget, "budget");
    if (threads < 1 || budget.isNegative() || budget.isZero()) {
      throw new IllegalArgumentException("A time budget has threads and a positive duration");
    }
    AtomicInteger count = new AtomicInteger();
    this.pool =
        new ThreadPoolExecutor(
            threads,
            threads,
            60,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            work -> {
              Thread thread = new Thread(work, name + "-" + count.incrementAndGet());
              thread.setDaemon(true);
              return thread;
            });
    pool.allowCoreThreadTimeOut(true);
  }

  /** The budget each piece of work has. */
  public Duration budget() {
    return budget;
  }

  /**
   * Runs {@code work} and returns its result, or throws what it threw.
   *
   * @throws ExceededException when it ran out of time (it is interrupted and its result ignored),
   *     or could not start because every thread was busy
   */
  public <T> T run(Callable<T> work) {
    Future<T> future;
    try {
      future = pool.submit(work);
    } catch (RejectedExecutionException e) {
      throw new ExceededException("every thread is busy", true);
    }
    try {
      return future.get(budget.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      future.cancel(true);
      throw new ExceededException("it took longer than " + budget, false);
    } catch (InterruptedException e) {
      future.cancel(true);
      Thread.currentThread().interrupt();
      throw new ExceededException("the caller was interrupted", false);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof RuntimeException runtime) {
        throw runtime;
      }
      if (cause instanceof Error error) {
        throw error;
      }
      throw new IllegalStateException("The work failed", cause);
    }
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
