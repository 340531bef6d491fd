package org.concordat.protocols.consent;

import java.util.List;

/**
 * What one person has said: their consent directives (all versions in force, in any order) and
 * whether they have registered a national data opt-out.
 */
public record SubjectConsent(List<ConsentDirective> directives, boolean nationalOptOut) {
  /** Nothing recorded: no directives, no opt-out. */
  public static final SubjectConsent NONE = new SubjectConsent(List.of(), false);

  public SubjectConsent {
    directives = List.copyOf(directives);
  }
}
