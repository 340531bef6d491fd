package org.concordat.adapters.fhir.validation;

import java.util.Objects;

/**
 * One finding of {@link UkCoreValidator}.
 *
 * @param severity how bad it is; only {@link Severity#ERROR} and {@link Severity#FATAL} make a
 *     resource invalid
 * @param location where in the resource, as the validator's FHIRPath-like path ({@code
 *     Patient.gender}, {@code Patient.communication[0].language}); empty when the finding is about
 *     the whole document (it could not be parsed, say)
 * @param message what is wrong, in the validator's words. It may quote values from the resource (a
 *     code, or a string that fails a pattern), so treat it as part of the resource: return it to
 *     the sender, do not log it.
 */
public record ValidationIssue(Severity severity, String location, String message) {

  /** Starts the message of every finding about a code that could not be checked offline. */
  public static final String NOT_CHECKED_OFFLINE = "Not checked offline: ";

  /** The FHIR issue severities, most serious first. */
  public enum Severity {
    /** The validator could not process the resource at all (it is not well-formed, say). */
    FATAL,
    ERROR,
    WARNING,
    INFORMATION;

    /** {@link #FATAL} or {@link #ERROR}: the resource does not conform. */
    public boolean isError() {
      return this == FATAL || this == ERROR;
    }
  }

  public ValidationIssue {
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(location, "location");
    Objects.requireNonNull(message, "message");
  }

  /** True for {@link Severity#FATAL} and {@link Severity#ERROR}. */
  public boolean isError() {
    return severity.isError();
  }

  /**
   * True when the finding only says that a code could not be checked here, because its code system
   * (SNOMED CT, dm+d, LOINC …) needs a terminology server. Such a finding is never an error.
   */
  public boolean isNotCheckedOffline() {
    return message.startsWith(NOT_CHECKED_OFFLINE);
  }
}
