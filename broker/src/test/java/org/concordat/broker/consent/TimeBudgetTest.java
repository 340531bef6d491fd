package org.concordat.broker.consent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Costly work runs within its time budget, on a bounded number of threads. */
class TimeBudgetTest {

  @Test
  void returnsTheResultOfWorkThatFinishesInTime() {
    try (TimeBudget budget = new TimeBudget("test", 1, Duration.ofSeconds(30))) {
      assertThat(budget.run(() -> "done")).isEqualTo("done");
    }
  }

  @Test
  void passesOnWhatTheWorkThrows() {
    try (TimeBudget budget = new TimeBudget("test", 1, Duration.ofSeconds(30))) {
      assertThatThrownBy(
              () ->
                  budget.run(
                      () -> {
                        throw new IllegalStateException("broken");
                      }))
          .isInstanceOf(IllegalStateException.class)
          .hasMessage("broken");
    }
  }

  @Test
  void abandonsAndInterruptsWorkThatRunsOutOfTime() throws InterruptedException {
    CountDownLatch interrupted = new CountDownLatch(1);
    try (TimeBudget budget = new TimeBudget("test", 1, Duration.ofMillis(50))) {
      assertThatThrownBy(
              () ->
                  budget.run(
                      () -> {
                        try {
                          new CountDownLatch(1).await(); // never counted down
                        } catch (InterruptedException e) {
                          interrupted.countDown();
                        }
                        return "never";
                      }))
          .isInstanceOfSatisfying(
              TimeBudget.ExceededException.class, e -> assertThat(e.busy()).isFalse());
      assertThat(interrupted.await(10, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void refusesWorkWhileEveryThreadIsBusy() throws InterruptedException {
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    try (TimeBudget budget = new TimeBudget("test", 1, Duration.ofSeconds(30))) {
      Thread first =
          new Thread(
              () ->
                  budget.run(
                      () -> {
                        started.countDown();
                        release.await();
                        return "first";
                      }));
      first.start();
      assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
      assertThatThrownBy(() -> budget.run(() -> "second"))
          .isInstanceOfSatisfying(
              TimeBudget.ExceededException.class, e -> assertThat(e.busy()).isTrue());
      release.countDown();
      first.join(10_000);
    }
  }
}
