package org.concordat.protocols.consent;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What is known about one person: their consent directives (all versions in force, in any order),
 * their national data opt-out status and any break-glass grants made for them.
 *
 * <p>Nothing here is resolved against a clock: each time-bounded element keeps its bounds (a
 * directive's period and review date, the opt-out check's expiry, a grant's window) and the
 * decision engine evaluates them at the decision's instant, so a dry run at a future time sees what
 * a real decision then would.
 *
 * @param optOut the result of the latest opt-out check
 * @param optOutValidUntil when that result expires (exclusive); from then on the status is {@link
 *     OptOutStatus#UNKNOWN}. Null when it does not expire
 */
public record SubjectConsent(
    List<ConsentDirective> directives,
    OptOutStatus optOut,
    @Nullable Instant optOutValidUntil,
    List<BreakGlassGrant> grants) {
  /** Nothing recorded: no directives, opt-out never checked, no grants. */
  public static final SubjectConsent NONE =
      new SubjectConsent(List.of(), OptOutStatus.UNKNOWN, null, List.of());

  public SubjectConsent {
    directives = List.copyOf(directives);
    Objects.requireNonNull(optOut, "optOut");
    grants = List.copyOf(grants);
  }

  /** Directives, an opt-out status that does not expire, and grants. */
  public SubjectConsent(
      List<ConsentDirective> directives, OptOutStatus optOut, List<BreakGlassGrant> grants) {
    this(directives, optOut, null, grants);
  }

  /** Directives and an opt-out status that does not expire, without grants. */
  public SubjectConsent(List<ConsentDirective> directives, OptOutStatus optOut) {
    this(directives, optOut, null, List.of());
  }

  /** The opt-out status at {@code at}: {@link OptOutStatus#UNKNOWN} once the check has expired. */
  public OptOutStatus optOutAt(Instant at) {
    return optOutValidUntil != null && !at.isBefore(optOutValidUntil)
        ? OptOutStatus.UNKNOWN
        : optOut;
  }

  /** This person's record with {@code status} as their opt-out, valid until {@code until}. */
  public SubjectConsent withOptOut(OptOutStatus status, @Nullable Instant until) {
    return new SubjectConsent(directives, status, until, grants);
  }

  /** This person's record with {@code status} as their opt-out, without expiry. */
  public SubjectConsent withOptOut(OptOutStatus status) {
    return withOptOut(status, null);
  }
}
