package org.concordat.broker.ledger;

/**
 * Whether this broker node is the one that does the ledger's single-node duties (signing
 * checkpoints). Every node appends, decides and delivers; only the leader signs, so two nodes never
 * sign the same tree size.
 */
@FunctionalInterface
public interface Leadership {
  /** A node alone (the embedded default): always the leader. */
  Leadership ALONE = () -> true;

  /** Whether this node leads now; cheap enough to ask before each duty. */
  boolean isLeader();
}
