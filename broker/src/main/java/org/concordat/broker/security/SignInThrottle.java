package org.concordat.broker.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.concordat.adapters.logging.LogSafe;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Back-off after failed sign-ins, per account and per client address. After {@link
 * Policy#maxFailures} failures in a row for one account, or {@link Policy#addressMaxFailures} from
 * one address (counted until the address has been quiet for {@link Policy#maxLock}), every attempt
 * with that account or from that address — even with the right password — is refused with 429 and
 * {@code Retry-After} until the lock ends: {@link Policy#lock} at first, doubling with each further
 * failure, at most {@link Policy#maxLock}. A successful sign-in clears the account's count (not the
 * address's, so one good account cannot reset an address guessing others).
 *
 * <p>Every failure is logged with the username (escaped, {@link LogSafe#field}) and the address;
 * never the password. The filter runs before HTTP Basic authentication; {@link #failed} and {@link
 * #succeeded} are fed by Spring Security's authentication events.
 */
final class SignInThrottle extends OncePerRequestFilter {
  private static final Logger log = LoggerFactory.getLogger(SignInThrottle.class);

  /** Entries kept before expired ones are swept, so a flood of names cannot exhaust memory. */
  private static final int SWEEP_ABOVE = 10_000;

  /**
   * @param maxFailures failures in a row that lock an account
   * @param addressMaxFailures failures that lock a client address
   * @param lock the first lock; doubled with each further failure
   * @param maxLock the longest lock, and how long an address's failures are remembered
   */
  public record Policy(int maxFailures, int addressMaxFailures, Duration lock, Duration maxLock) {
    public Policy {
      if (maxFailures < 1 || addressMaxFailures < 1 || lock.isNegative() || maxLock.isNegative()) {
        throw new IllegalArgumentException("Sign-in limits are positive");
      }
    }
  }

  private final Policy policy;
  private final Clock clock;
  private final Map<String, Failures> accounts = new ConcurrentHashMap<>();
  private final Map<String, Failures> addresses = new ConcurrentHashMap<>();

  public SignInThrottle(Policy policy, Clock clock) {
    this.policy = policy;
    this.clock = clock;
  }

  @Override
  protected void doFilterInternal(
      HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    String username = basicUsername(request.getHeader("Authorization"));
    if (username != null) {
      long wait =
          Math.max(
              retryAfter(accounts, key(username)), retryAfter(addresses, request.getRemoteAddr()));
      if (wait > 0) {
        RefusalResponses.tooManyFailures(request, response, wait);
        return;
      }
    }
    chain.doFilter(request, response);
  }

  /** Seconds until {@code key} may try again, or 0. */
  public long retryAfter(String username, String address) {
    return Math.max(retryAfter(accounts, key(username)), retryAfter(addresses, address));
  }

  private long retryAfter(Map<String, Failures> table, @Nullable String key) {
    if (key == null) {
      return 0;
    }
    Failures failures = table.get(key);
    if (failures == null || failures.lockedUntil == null) {
      return 0;
    }
    long millis = Duration.between(clock.instant(), failures.lockedUntil).toMillis();
    return millis <= 0 ? 0 : (millis + 999) / 1000;
  }

  /** Records a failed sign-in (wrong password, unknown account). */
  public void failed(String username, @Nullable String address) {
    Instant now = clock.instant();
    sweep(now);
    Failures account =
        accounts.compute(
            key(username),
            (k, f) -> count(f == null ? new Failures() : f, now, policy.maxFailures()));
    log.warn(
        "Sign-in failed for account {} from {} ({} in a row)",
        LogSafe.field(username),
        LogSafe.field(address),
        account.count);
    if (account.lockedUntil != null && account.count >= policy.maxFailures()) {
      log.warn(
          "Account {} refused until {} after {} failed sign-ins in a row",
          LogSafe.field(username),
          account.lockedUntil,
          account.count);
    }
    if (address != null) {
      Failures from =
          addresses.compute(
              address,
              (k, f) -> {
                Failures current =
                    f == null || f.last == null || f.last.plus(policy.maxLock()).isBefore(now)
                        ? new Failures()
                        : f;
                return count(current, now, policy.addressMaxFailures());
              });
      if (from.lockedUntil != null && from.count == policy.addressMaxFailures()) {
        log.warn(
            "Address {} refused until {} after {} failed sign-ins",
            LogSafe.field(address),
            from.lockedUntil,
            from.count);
      }
    }
  }

  /** Records a successful sign-in: the account's failures are forgotten. */
  public void succeeded(String username) {
    if (!accounts.isEmpty()) {
      accounts.remove(key(username));
    }
  }

  private Failures count(Failures failures, Instant now, int threshold) {
    failures.count++;
    failures.last = now;
    if (failures.count >= threshold) {
      int doublings = Math.min(failures.count - threshold, 20);
      Duration lock = policy.lock().multipliedBy(1L << doublings);
      if (lock.compareTo(policy.maxLock()) > 0) {
        lock = policy.maxLock();
      }
      failures.lockedUntil = now.plus(lock);
    }
    return failures;
  }

  private void sweep(Instant now) {
    for (Map<String, Failures> table : java.util.List.of(accounts, addresses)) {
      if (table.size() > SWEEP_ABOVE) {
        table
            .entrySet()
            .removeIf(
                e ->
                    e.getValue().last == null
                        || e.getValue().last.plus(policy.maxLock()).isBefore(now));
      }
    }
  }

  private static String key(String username) {
    return username.toLowerCase(Locale.ROOT);
  }

  /** The username of an HTTP Basic header, or null when there is none or it is not Basic. */
  static @Nullable String basicUsername(@Nullable String header) {
    if (header == null || header.length() < 6 || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
      return null;
    }
    try {
      String decoded =
          new String(
              Base64.getDecoder().decode(header.substring(6).strip()), StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      return colon < 0 ? null : decoded.substring(0, colon);
    } catch (IllegalArgumentException notBase64) {
      return null;
    }
  }

  private static final class Failures {
    volatile int count;
    volatile @Nullable Instant last;
    volatile @Nullable Instant lockedUntil;
  }
}
