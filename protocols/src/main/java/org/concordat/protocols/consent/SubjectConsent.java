package org.concordat.protocols.consent;

import java.util.List;
import java.util.Objects;

/**
 * What is known about one person: their consent directives (all versions in force, in any order),
 * their national data opt-out status and any break-glass grants made for them.
 */
public record SubjectConsent(
    List<ConsentDirective> directives, OptOutStatus optOut, List<BreakGlassGrant> grants) {
  /** Nothing recorded: no directives, opt-out never checked, no grants. */
  public static final SubjectConsent NONE =
      new SubjectConsent(List.of(), OptOutStatus.UNKNOWN, List.of());

  public SubjectConsent {
    directives = List.copyOf(directives);
    Objects.requireNonNull(optOut, "optOut");
    grants = List.copyOf(grants);
  }

  /** Directives and an opt-out status, without grants. */
  public SubjectConsent(List<ConsentDirective> directives, OptOutStatus optOut) {
    this(directives, optOut, List.of());
  }

  /** This person's record with {@code status} as their opt-out. */
  public SubjectConsent withOptOut(OptOutStatus status) {
    return new SubjectConsent(directives, status, grants);
  }
}
