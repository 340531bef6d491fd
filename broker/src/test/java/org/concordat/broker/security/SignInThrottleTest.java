package org.concordat.broker.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class SignInThrottleTest {
  private Instant now = Instant.parse("2026-12-03T10:00:00Z");
  private final Clock clock =
      new Clock() {
        @Override
        public java.time.ZoneId getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return now;
        }
      };
  private final SignInThrottle throttle =
      new SignInThrottle(
          new SignInThrottle.Policy(5, 20, Duration.ofMinutes(1), Duration.ofMinutes(15)), clock);

  @Test
  void locksAnAccountAfterFiveFailuresInARowForAMinute() {
    for (int i = 0; i < 4; i++) {
      throttle.failed("rxa", "10.0.0.1");
    }
    assertThat(throttle.retryAfter("rxa", "10.0.0.9")).isZero();

    throttle.failed("rxa", "10.0.0.1");

    assertThat(throttle.retryAfter("rxa", "10.0.0.9")).isEqualTo(60);
    assertThat(throttle.retryAfter("RXA", "10.0.0.9"))
        .as("names are not case-sensitive")
        .isEqualTo(60);
    assertThat(throttle.retryAfter("xla001", "10.0.0.9")).isZero();
    now = now.plusSeconds(61);
    assertThat(throttle.retryAfter("rxa", "10.0.0.9")).isZero();
  }

  @Test
  void doublesTheLockWithEachFurtherFailureUpToTheLongest() {
    for (int i = 0; i < 6; i++) {
      throttle.failed("rxa", "10.0.0.1");
    }
    assertThat(throttle.retryAfter("rxa", "10.0.0.9")).isEqualTo(120);
    for (int i = 0; i < 10; i++) {
      throttle.failed("rxa", "10.0.0.1");
    }
    assertThat(throttle.retryAfter("rxa", "10.0.0.9")).isEqualTo(15 * 60);
  }

  @Test
  void aSuccessfulSignInClearsTheAccountsCount() {
    for (int i = 0; i < 4; i++) {
      throttle.failed("rxa", "10.0.0.1");
    }
    throttle.succeeded("rxa");
    throttle.failed("rxa", "10.0.0.1");

    assertThat(throttle.retryAfter("rxa", "10.0.0.9")).isZero();
  }

  @Test
  void locksAnAddressGuessingManyAccountsAndASuccessElsewhereDoesNotClearIt() {
    for (int i = 0; i < 20; i++) {
      throttle.failed("guess-" + i, "10.0.0.66");
      throttle.succeeded("rxa");
    }

    assertThat(throttle.retryAfter("rxa", "10.0.0.66")).isEqualTo(60);
    assertThat(throttle.retryAfter("rxa", "10.0.0.1")).isZero();
  }

  @Test
  void readsTheUsernameOfABasicHeaderOnly() {
    String header = "Basic " + Base64.getEncoder().encodeToString("rxa:pass:word".getBytes());

    assertThat(SignInThrottle.basicUsername(header)).isEqualTo("rxa");
    assertThat(SignInThrottle.basicUsername("Bearer abc")).isNull();
    assertThat(SignInThrottle.basicUsername("Basic !!!")).isNull();
    assertThat(SignInThrottle.basicUsername(null)).isNull();
  }
}
