package org.concordat.broker.ledger;

import java.util.Map;
import java.util.Objects;

/**
 * Work that must happen after a commit, recorded in the same transaction as the ledger entries it
 * follows ({@link FollowUps#add}) so that a crash cannot lose it: the {@link FollowUpHandler} of
 * its kind completes it. Its details are what the handler needs to find its work again (ids,
 * indexes, keys); they stay in the database only until the follow-up is complete.
 *
 * @param kind which handler completes it, e.g. {@code consent-changed}
 * @param details what the handler needs, as short strings
 */
public record FollowUp(String kind, Map<String, String> details) {
  public FollowUp {
    Objects.requireNonNull(kind, "kind");
    details = Map.copyOf(details);
  }

  /** A follow-up as stored: its id, and whether this is another run after an earlier attempt. */
  public record Pending(String id, FollowUp followUp, int attempts) {
    /** One of the details, which the recorder always sets. */
    public String detail(String name) {
      String value = followUp.details().get(name);
      if (value == null) {
        throw new IllegalStateException("Follow-up " + id + " has no " + name);
      }
      return value;
    }
  }
}
