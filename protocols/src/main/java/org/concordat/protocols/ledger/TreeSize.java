package org.concordat.protocols.ledger;

/**
 * The number of entries in the ledger's Merkle tree; wrapped so it is never swapped with an index.
 */
public record TreeSize(long value) {
  public TreeSize {
    if (value < 0) {
      throw new IllegalArgumentException("A tree size is 0 or more, not " + value);
    }
  }

  public static TreeSize of(long value) {
    return new TreeSize(value);
  }

  @Override
  public String toString() {
    return Long.toString(value);
  }
}
