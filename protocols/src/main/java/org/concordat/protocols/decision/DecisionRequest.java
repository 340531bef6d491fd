package org.concordat.protocols.decision;

import java.time.Instant;
import java.util.Objects;
import java.util.Set;
import org.concordat.protocols.sharing.CategoryCode;
import org.concordat.protocols.sharing.OdsCode;
import org.concordat.protocols.sharing.PurposeCode;

/**
 * What is asked: may {@code sender} disclose these categories to {@code recipient} for {@code
 * purpose} at time {@code at}? Time is an input: the engine never reads a clock.
 */
public record DecisionRequest(
    OdsCode sender,
    OdsCode recipient,
    PurposeCode purpose,
    Set<CategoryCode> requestedCategories,
    Instant at) {
  public DecisionRequest {
    Objects.requireNonNull(sender, "sender");
    Objects.requireNonNull(recipient, "recipient");
    Objects.requireNonNull(purpose, "purpose");
    Objects.requireNonNull(at, "at");
    requestedCategories = Set.copyOf(requestedCategories);
  }
}
