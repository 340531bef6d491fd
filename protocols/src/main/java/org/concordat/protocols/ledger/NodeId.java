package org.concordat.protocols.ledger;

/**
 * The address of one stored node: the root of the perfect subtree of 2<sup>level</sup> leaves that
 * starts at leaf {@code index << level}. Level 0 nodes are the leaf hashes themselves. Only perfect
 * subtrees are ever stored; the hash of the ragged right edge of a tree whose size is not a power
 * of two is computed from at most log<sub>2</sub> n of them.
 *
 * @param level the height of the subtree, 0 to 62
 * @param index the subtree's position among the subtrees of that level, counted from the left
 */
public record NodeId(int level, long index) {
  /** Deeper than any tree of at most 2<sup>62</sup> leaves needs. */
  public static final int MAX_LEVEL = 62;

  public NodeId {
    if (level < 0 || level > MAX_LEVEL) {
      throw new IllegalArgumentException("A node level is 0 to " + MAX_LEVEL + ", not " + level);
    }
    if (index < 0 || index > (Long.MAX_VALUE >> level) - 1) {
      throw new IllegalArgumentException(
          "Node index " + index + " at level " + level + " is outside any possible tree");
    }
  }

  /** The leaf hash of entry {@code leaf}. */
  public static NodeId leaf(LeafIndex leaf) {
    return new NodeId(0, leaf.value());
  }

  /** The first leaf under this node. */
  public long firstLeaf() {
    return index << level;
  }

  /** The number of leaves under this node. */
  public long leafCount() {
    return 1L << level;
  }

  @Override
  public String toString() {
    return "node " + level + "/" + index;
  }
}
