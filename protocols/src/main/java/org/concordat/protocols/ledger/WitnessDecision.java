package org.concordat.protocols.ledger;

import java.util.Objects;

/**
 * What a {@link Witness} decided about a new checkpoint: cosigned, or refused with the reason. A
 * refusal is a value, not an exception: FORK and ROLLBACK are evidence of log misbehaviour that the
 * caller raises as an alert.
 */
public sealed interface WitnessDecision {

  /**
   * The witness accepted the checkpoint.
   *
   * @param checkpoint the checkpoint now accepted; store it as the latest for its origin
   * @param note the submitted note with the witness's cosignature line added
   * @param cosignature the cosignature line alone (the tlog-witness response body)
   */
  record Cosigned(Checkpoint checkpoint, String note, String cosignature)
      implements WitnessDecision {
    public Cosigned {
      Objects.requireNonNull(checkpoint, "checkpoint");
      Objects.requireNonNull(note, "note");
      Objects.requireNonNull(cosignature, "cosignature");
    }
  }

  /** The witness refused to cosign; {@code detail} is a sentence for the alert. */
  record Refused(Refusal reason, String detail) implements WitnessDecision {
    public Refused {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(detail, "detail");
    }
  }

  /** Why a witness refuses (with the C2SP tlog-witness HTTP status it corresponds to). */
  enum Refusal {
    /** No trusted log key signed the note, or a trusted key's signature fails (403). */
    BAD_SIGNATURE,
    /** The note body is not a checkpoint (400). */
    MALFORMED,
    /** The checkpoint is for another log than the one whose state was given (404). */
    WRONG_ORIGIN,
    /** The checkpoint is smaller than one already accepted: the log lost entries (400/409). */
    ROLLBACK,
    /** Same size as the accepted checkpoint, different root: a split view (409). */
    FORK,
    /** The proof is not from the accepted size to the new size (409, with the accepted size). */
    STALE_PROOF,
    /** The consistency proof does not verify: the new tree does not extend the old (422). */
    INCONSISTENT
  }
}
