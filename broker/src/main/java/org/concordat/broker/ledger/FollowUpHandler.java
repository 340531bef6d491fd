package org.concordat.broker.ledger;

/**
 * Completes the follow-ups of one kind. A follow-up may be run again after a crash, so a handler
 * must be idempotent in effect: work that is safe to repeat (deciding queued deliveries again finds
 * nothing left to cancel), or work written in the same transaction as {@link FollowUps#complete},
 * so that it is done exactly once. A handler that throws leaves the follow-up to be tried again.
 */
public interface FollowUpHandler {
  /** The kind of {@link FollowUp} this handler completes. */
  String kind();

  void complete(FollowUp.Pending followUp);
}
