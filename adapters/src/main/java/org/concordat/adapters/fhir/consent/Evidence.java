package org.concordat.adapters.fhir.consent;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * What the consent was recorded from: a scanned form ({@code Consent.sourceAttachment}), another
 * record ({@code Consent.sourceReference}), or nothing.
 *
 * @param description the attachment's title (or its URL or content type), or the reference; null
 *     when there is no evidence or nothing describes it
 */
public record Evidence(Kind kind, @Nullable String description) {
  /** No evidence recorded. */
  public static final Evidence NONE = new Evidence(Kind.NONE, null);

  /** Where the evidence is. */
  public enum Kind {
    NONE,
    ATTACHMENT,
    REFERENCE
  }

  public Evidence {
    Objects.requireNonNull(kind, "kind");
    if (kind == Kind.NONE && description != null) {
      throw new IllegalArgumentException("No evidence has no description");
    }
  }

  /** A title may name the person, so it is not shown. */
  @Override
  public String toString() {
    return "Evidence[kind=" + kind + "]";
  }
}
