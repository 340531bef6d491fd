package org.concordat.protocols.ledger;

/**
 * The 0-based position of one entry (leaf) in the ledger's Merkle tree; wrapped so it is never
 * swapped with a {@link TreeSize}.
 */
public record LeafIndex(long value) {
  public LeafIndex {
    if (value < 0) {
      throw new IllegalArgumentException("A leaf index is 0 or more, not " + value);
    }
  }

  public static LeafIndex of(long value) {
    return new LeafIndex(value);
  }

  @Override
  public String toString() {
    return Long.toString(value);
  }
}
