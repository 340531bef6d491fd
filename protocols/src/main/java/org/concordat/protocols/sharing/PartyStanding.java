package org.concordat.protocols.sharing;

import java.time.Instant;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Whether a party currently takes part in a protocol. A suspended or withdrawn party's flows stop
 * at once (the decision engine denies them); a withdrawal also makes the protocol inactive, because
 * the party no longer agrees to it.
 *
 * @param since when the suspension or withdrawal took effect; null for {@link Status#ACTIVE}
 * @param reason why, for the IG console and the ledger; null for {@link Status#ACTIVE}
 */
public record PartyStanding(Status status, @Nullable Instant since, @Nullable String reason) {
  private static final PartyStanding ACTIVE = new PartyStanding(Status.ACTIVE, null, null);

  /** The standing of a party. */
  public enum Status {
    ACTIVE,
    SUSPENDED,
    WITHDRAWN
  }

  public PartyStanding {
    Objects.requireNonNull(status, "status");
    if ((status == Status.ACTIVE) != (since == null) || (since == null) != (reason == null)) {
      throw new IllegalArgumentException(
          "A suspension or withdrawal has a time and a reason; active standing has neither");
    }
  }

  public static PartyStanding active() {
    return ACTIVE;
  }

  public static PartyStanding suspended(Instant since, String reason) {
    return new PartyStanding(Status.SUSPENDED, since, reason);
  }

  public static PartyStanding withdrawn(Instant since, String reason) {
    return new PartyStanding(Status.WITHDRAWN, since, reason);
  }

  /** The status in force at {@code at}: a suspension dated after {@code at} is not yet in force. */
  public Status statusAt(Instant at) {
    return since == null || at.isBefore(since) ? Status.ACTIVE : status;
  }
}
