package org.concordat.protocols.consent;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import org.concordat.protocols.sharing.CategoryCode;
import org.concordat.protocols.sharing.OdsCode;
import org.concordat.protocols.sharing.PurposeCode;
import org.jspecify.annotations.Nullable;

/**
 * One consent directive: a person's permit or refusal, limited to purposes, recipients, categories
 * and a period. An empty set means "all" (a refusal with no categories refuses everything).
 *
 * @param reference the directive's identity for explanations, e.g. {@code Consent/123/_history/2}
 * @param start the first instant it applies; null for "since always"
 * @param end the instant it stops applying (exclusive); null for "until withdrawn"
 * @param reviewDue when the directive should be reviewed with the person; null for no review date.
 *     Under a protocol whose {@code consent-review} is {@code lapse}, a permit stops applying then
 */
public record ConsentDirective(
    String reference,
    Kind kind,
    Set<PurposeCode> purposes,
    Set<OdsCode> recipients,
    Set<CategoryCode> categories,
    @Nullable Instant start,
    @Nullable Instant end,
    @Nullable Instant reviewDue) {

  /** A permit (the person agrees) or a refusal (the person objects). */
  public enum Kind {
    PERMIT,
    DENY
  }

  public ConsentDirective {
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(kind, "kind");
    if (reference.isBlank()) {
      throw new IllegalArgumentException("A consent directive has a reference");
    }
    purposes = Set.copyOf(purposes);
    recipients = Set.copyOf(recipients);
    categories = Set.copyOf(categories);
    if (start != null && end != null && !start.isBefore(end)) {
      throw new IllegalArgumentException("A consent directive ends after it starts");
    }
  }

  /** A directive without a review date. */
  public ConsentDirective(
      String reference,
      Kind kind,
      Set<PurposeCode> purposes,
      Set<OdsCode> recipients,
      Set<CategoryCode> categories,
      @Nullable Instant start,
      @Nullable Instant end) {
    this(reference, kind, purposes, recipients, categories, start, end, null);
  }

  /** Whether the review date has passed at {@code at}. */
  public boolean reviewOverdueAt(Instant at) {
    return reviewDue != null && !at.isBefore(reviewDue);
  }

  /** Whether this directive speaks about disclosing for {@code purpose} to {@code recipient} at. */
  public boolean covers(PurposeCode purpose, OdsCode recipient, Instant at) {
    return (purposes.isEmpty() || purposes.contains(purpose))
        && (recipients.isEmpty() || recipients.contains(recipient))
        && (start == null || !at.isBefore(start))
        && (end == null || at.isBefore(end));
  }

  /** Whether this directive speaks about {@code category}. */
  public boolean coversCategory(CategoryCode category) {
    return categories.isEmpty() || categories.contains(category);
  }

  /** Whether this directive speaks about every category. */
  public boolean coversAllCategories() {
    return categories.isEmpty();
  }
}
