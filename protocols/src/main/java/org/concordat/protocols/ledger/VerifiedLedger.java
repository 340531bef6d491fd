package org.concordat.protocols.ledger;

import java.util.List;
import java.util.Objects;

/**
 * The outcome of a successful {@link LedgerVerifier} run.
 *
 * @param entries the number of entries read and verified
 * @param checkpoints the verified checkpoints, smallest first
 * @param uncovered entries after the largest checkpoint: well-formed and in order, but not yet
 *     covered by a signature
 */
public record VerifiedLedger(TreeSize entries, List<Checkpoint> checkpoints, long uncovered) {
  public VerifiedLedger {
    Objects.requireNonNull(entries, "entries");
    checkpoints = List.copyOf(checkpoints);
    if (uncovered < 0 || uncovered > entries.value()) {
      throw new IllegalArgumentException("Uncovered entries are 0 to the number of entries");
    }
  }

  /** The largest verified checkpoint. */
  public Checkpoint latest() {
    return checkpoints.get(checkpoints.size() - 1);
  }
}
