package org.concordat.protocols.consent;

import java.time.Instant;
import java.util.Objects;
import org.concordat.protocols.sharing.OdsCode;
import org.concordat.protocols.sharing.PurposeCode;

/**
 * An emergency override granted by a named person for one subject: disclosures from {@code sender}
 * to {@code recipient} for {@code purpose} go ahead between {@code start} and {@code end} although
 * the person's consent would stop them. It never opens a flow the protocol does not have, never
 * widens a flow's categories and never lifts the national data opt-out.
 *
 * @param reference the grant's identity in explanations and ledger entries, e.g. {@code
 *     BreakGlass/7c1e...}
 * @param end the instant the grant lapses (exclusive)
 */
public record BreakGlassGrant(
    String reference,
    OdsCode sender,
    OdsCode recipient,
    PurposeCode purpose,
    Instant start,
    Instant end) {
  public BreakGlassGrant {
    Objects.requireNonNull(reference, "reference");
    Objects.requireNonNull(sender, "sender");
    Objects.requireNonNull(recipient, "recipient");
    Objects.requireNonNull(purpose, "purpose");
    Objects.requireNonNull(start, "start");
    Objects.requireNonNull(end, "end");
    if (!start.isBefore(end)) {
      throw new IllegalArgumentException("A break-glass grant ends after it starts");
    }
  }

  /** Whether this grant lets {@code sender} disclose to {@code recipient} for purpose at. */
  public boolean covers(OdsCode sender, OdsCode recipient, PurposeCode purpose, Instant at) {
    return this.sender.equals(sender)
        && this.recipient.equals(recipient)
        && this.purpose.equals(purpose)
        && !at.isBefore(start)
        && at.isBefore(end);
  }
}
