package org.concordat.protocols.ledger;

import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import org.jspecify.annotations.Nullable;

/**
 * An exported ledger that does not verify. Names the first failing place — an entry index or a
 * checkpoint size — and why, so {@code ledger verify} can print it and exit non-zero.
 */
public final class LedgerVerificationException extends Exception {
  private static final long serialVersionUID = 1L;

  /** What failed. */
  public enum Failure {
    /** No checkpoint was given: nothing signed to verify against. */
    NO_CHECKPOINT,
    /** A checkpoint note is not a signed checkpoint of this ledger. */
    MALFORMED_CHECKPOINT,
    /** A checkpoint is for another ledger (origin). */
    WRONG_ORIGIN,
    /** No signature on a checkpoint is by a trusted key (e.g. signed with an unknown key). */
    NO_TRUSTED_SIGNATURE,
    /** A trusted key's signature on a checkpoint does not verify (e.g. a replaced signature). */
    BAD_SIGNATURE,
    /** Two checkpoints of the same size have different roots. */
    INCONSISTENT_CHECKPOINTS,
    /** An entry is not a canonical ledger entry. */
    MALFORMED_ENTRY,
    /** An entry is missing: the entry at a position has a larger index (e.g. a deleted row). */
    INDEX_GAP,
    /** Entries are out of order or repeated (e.g. swapped rows). */
    INDEX_ORDER,
    /** An entry's bytes do not hash to the leaf hash stored with it (a changed field). */
    LEAF_HASH_MISMATCH,
    /** The entries do not hash to a checkpoint's root (a changed field). */
    ROOT_MISMATCH,
    /** A checkpoint covers more entries than the export holds (a truncated tail). */
    TRUNCATED
  }

  private final Failure failure;
  private final long entryIndex;
  private final @Nullable TreeSize checkpointSize;

  private LedgerVerificationException(
      Failure failure, long entryIndex, @Nullable TreeSize checkpointSize, String message) {
    super(message);
    this.failure = Objects.requireNonNull(failure, "failure");
    this.entryIndex = entryIndex;
    this.checkpointSize = checkpointSize;
  }

  static LedgerVerificationException atEntry(Failure failure, long index, String message) {
    return new LedgerVerificationException(failure, index, null, "Entry " + index + ": " + message);
  }

  static LedgerVerificationException atCheckpoint(Failure failure, TreeSize size, String message) {
    return new LedgerVerificationException(
        failure, -1, size, "Checkpoint of size " + size + ": " + message);
  }

  static LedgerVerificationException general(Failure failure, String message) {
    return new LedgerVerificationException(failure, -1, null, message);
  }

  public Failure failure() {
    return failure;
  }

  /** The first failing entry's index, when the failure is about an entry. */
  public OptionalLong entryIndex() {
    return entryIndex < 0 ? OptionalLong.empty() : OptionalLong.of(entryIndex);
  }

  /** The failing checkpoint's size, when the failure is about a checkpoint. */
  public Optional<TreeSize> checkpointSize() {
    return Optional.ofNullable(checkpointSize);
  }
}
