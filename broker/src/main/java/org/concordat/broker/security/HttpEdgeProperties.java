package org.concordat.broker.security;

import java.time.Duration;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Settings of the broker's HTTP edge ({@code concordat.http.*}), each overridable from the
 * environment (e.g. {@code CONCORDAT_HTTP_PUBLIC_BASE_URL}).
 *
 * @param publicBaseUrl the broker's absolute base URL as clients reach it, used for every absolute
 *     URL it writes (FHIR {@code Location}); by default {@code http://localhost:<port>}, the
 *     embedded default. Never taken from the request's {@code Host} header
 * @param maxBodySize the largest body any {@code /api} request may send (default 1 MB); larger ones
 *     are refused with 413, unread when {@code Content-Length} says so
 * @param maxImportSize the largest body of an opt-out import ({@code /api/opt-out/imports}, IG and
 *     ADMIN only; default 80 MB, room for two cohort files)
 * @param signIn back-off after failed sign-ins
 */
@ConfigurationProperties("concordat.http")
public record HttpEdgeProperties(
    @Nullable String publicBaseUrl,
    @Nullable DataSize maxBodySize,
    @Nullable DataSize maxImportSize,
    @Nullable SignIn signIn) {

  public HttpEdgeProperties {
    maxBodySize = maxBodySize == null ? DataSize.ofMegabytes(1) : maxBodySize;
    maxImportSize = maxImportSize == null ? DataSize.ofMegabytes(80) : maxImportSize;
    signIn = signIn == null ? new SignIn(null, null, null, null) : signIn;
  }

  /**
   * After {@code maxFailures} failed sign-ins in a row for one account, or {@code
   * addressMaxFailures} from one client address within {@code lockDuration}, further attempts (even
   * with the right password) are refused with 429 and {@code Retry-After} for {@code lockDuration},
   * doubling with each further failure up to {@code maxLockDuration}. A successful sign-in clears
   * the account's count.
   */
  public record SignIn(
      @Nullable Integer maxFailures,
      @Nullable Integer addressMaxFailures,
      @Nullable Duration lockDuration,
      @Nullable Duration maxLockDuration) {
    public SignIn {
      maxFailures = maxFailures == null ? 5 : maxFailures;
      addressMaxFailures = addressMaxFailures == null ? 50 : addressMaxFailures;
      lockDuration = lockDuration == null ? Duration.ofMinutes(1) : lockDuration;
      maxLockDuration = maxLockDuration == null ? Duration.ofMinutes(15) : maxLockDuration;
    }
  }
}
