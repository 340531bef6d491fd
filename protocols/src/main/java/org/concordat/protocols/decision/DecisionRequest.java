package org.concordat.protocols.decision;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import org.concordat.protocols.sharing.CategoryCode;
import org.concordat.protocols.sharing.OdsCode;
import org.concordat.protocols.sharing.PurposeCode;
import org.jspecify.annotations.Nullable;

/**
 * What is asked: may {@code sender} disclose these categories about the person {@code subjectKey}
 * to {@code recipient} for {@code purpose} at time {@code at}? Time is an input: the engine never
 * reads a clock.
 *
 * @param requester who asks
 * @param subjectKey the person's keyed hash (never the NHS number), used to look up their consent;
 *     null when the subject is not known, so no consent or opt-out can be found: purposes that need
 *     explicit consent, or to which the opt-out applies, are then denied
 */
public record DecisionRequest(
    OdsCode sender,
    OdsCode recipient,
    PurposeCode purpose,
    Set<CategoryCode> requestedCategories,
    Instant at,
    Requester requester,
    @Nullable String subjectKey) {
  public DecisionRequest {
    Objects.requireNonNull(sender, "sender");
    Objects.requireNonNull(recipient, "recipient");
    Objects.requireNonNull(purpose, "purpose");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(requester, "requester");
    requestedCategories = Set.copyOf(requestedCategories);
    if (subjectKey != null && subjectKey.isBlank()) {
      throw new IllegalArgumentException("A subject key is not blank; use null when unknown");
    }
  }

  /** A request by the sender's own system about a person whose consent is not known. */
  public DecisionRequest(
      OdsCode sender,
      OdsCode recipient,
      PurposeCode purpose,
      Set<CategoryCode> requestedCategories,
      Instant at) {
    this(
        sender,
        recipient,
        purpose,
        requestedCategories,
        at,
        new Requester.PartnerSystem(sender),
        null);
  }
}
