package org.concordat.protocols.consent;

import java.time.Instant;
import java.time.LocalDate;
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
 * @param dated the day (UK time) the person expressed it ({@code Consent.dateTime}); where two
 *     directives speak about the same disclosure the more recent governs, and on the same day a
 *     refusal wins. Null for "undated", older than any dated directive
 */
public record ConsentDirective(
    String reference,
    Kind kind,
    Set<PurposeCode> purposes,
    Set<OdsCode> recipients,
    Set<CategoryCode> categories,
    @Nullable Instant start,
    @Nullable Instant end,
    @Nullable Instant reviewDue,
    @Nullable LocalDate dated) {

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

  /** An undated directive. */
  public ConsentDirective(
      String reference,
      Kind kind,
      Set<PurposeCode> purposes,
      Set<OdsCode> recipients,
      Set<CategoryCode> categories,
      @Nullable Instant start,
      @Nullable Instant end,
      @Nullable Instant reviewDue) {
    this(reference, kind, purposes, recipients, categories, start, end, reviewDue, null);
  }

  /** An undated directive without a review date. */
  public ConsentDirective(
      String reference,
      Kind kind,
      Set<PurposeCode> purposes,
      Set<OdsCode> recipients,
      Set<CategoryCode> categories,
      @Nullable Instant start,
      @Nullable Instant end) {
    this(reference, kind, purposes, recipients, categories, start, end, null, null);
  }

  /** This directive with {@code due} as its review date. */
  public ConsentDirective withReviewDue(@Nullable Instant due) {
    return new ConsentDirective(
        reference, kind, purposes, recipients, categories, start, end, due, dated);
  }

  /** This directive dated {@code day}. */
  public ConsentDirective withDated(@Nullable LocalDate day) {
    return new ConsentDirective(
        reference, kind, purposes, recipients, categories, start, end, reviewDue, day);
  }

  /** Whether {@code at} is within the directive's period. */
  public boolean inPeriodAt(Instant at) {
    return (start == null || !at.isBefore(start)) && (end == null || at.isBefore(end));
  }

  /** Whether the directive names {@code purpose}, or every purpose. */
  public boolean coversPurpose(PurposeCode purpose) {
    return purposes.isEmpty() || purposes.contains(purpose);
  }

  /** Whether the directive names {@code recipient}, or every recipient. */
  public boolean coversRecipient(OdsCode recipient) {
    return recipients.isEmpty() || recipients.contains(recipient);
  }

  /** Whether the review date has passed at {@code at}. */
  public boolean reviewOverdueAt(Instant at) {
    return reviewDue != null && !at.isBefore(reviewDue);
  }

  /** Whether this directive speaks about disclosing for {@code purpose} to {@code recipient} at. */
  public boolean covers(PurposeCode purpose, OdsCode recipient, Instant at) {
    return coversPurpose(purpose) && coversRecipient(recipient) && inPeriodAt(at);
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
