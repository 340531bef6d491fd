package org.concordat.protocols.ledger;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The Merkle frontier of the ledger: the roots of the perfect subtrees that make up the first n
 * leaves (one per set bit of n, largest first). Appending a leaf merges equal-sized subtrees like a
 * binary counter and says which new perfect-subtree nodes to store, so the {@link NodeStore} grows
 * by under two nodes per leaf on average; the root comes from the frontier in O(log n).
 *
 * <p>Mutable and not thread-safe: it belongs to the ledger's single sequencer (or one verifier).
 */
public final class CompactRange {
  private final List<byte[]> frontier = new ArrayList<>();
  private final TreeHasher hasher = new TreeHasher();
  private long size;

  private CompactRange() {}

  /** The frontier of the empty tree. */
  public static CompactRange empty() {
    return new CompactRange();
  }

  /**
   * The frontier of the first {@code size} leaves, read from {@code store} (at most log2(size) + 1
   * nodes), e.g. when the sequencer restarts.
   */
  public static CompactRange resume(NodeStore store, TreeSize size) {
    Objects.requireNonNull(store, "store");
    CompactRange range = new CompactRange();
    if (size.value() > 0) {
      List<NodeId> ids = MerkleProofs.range(0, size.value());
      List<byte[]> hashes = store.nodes(ids);
      for (byte[] hash : hashes) {
        if (hash == null || hash.length != MerkleHash.SIZE) {
          throw new IllegalStateException("The node store returned a hash that is not 32 bytes");
        }
        range.frontier.add(hash.clone());
      }
    }
    range.size = size.value();
    return range;
  }

  /** The number of leaves appended so far. */
  public TreeSize size() {
    return new TreeSize(size);
  }

  /**
   * Appends the leaf hash of the next entry (index {@link #size()}) and returns the nodes to store:
   * the leaf itself at level 0, then each perfect subtree it completes, bottom up.
   */
  public List<StoredNode> append(byte[] leafHash) {
    Objects.requireNonNull(leafHash, "leafHash");
    if (leafHash.length != MerkleHash.SIZE) {
      throw new IllegalArgumentException("A leaf hash is 32 bytes, not " + leafHash.length);
    }
    List<StoredNode> created = new ArrayList<>(2);
    created.add(new StoredNode(new NodeId(0, size), leafHash));
    byte[] hash = leafHash.clone();
    int level = 0;
    for (long bits = size; (bits & 1) == 1; bits >>>= 1) {
      hash = hasher.node(frontier.remove(frontier.size() - 1), hash);
      level++;
      created.add(new StoredNode(new NodeId(level, size >>> level), hash));
    }
    frontier.add(hash);
    size++;
    return created;
  }

  /** Appends without reporting the nodes, for verifiers that only need roots. */
  public void appendLeaf(byte[] leafHash) {
    Objects.requireNonNull(leafHash, "leafHash");
    if (leafHash.length != MerkleHash.SIZE) {
      throw new IllegalArgumentException("A leaf hash is 32 bytes, not " + leafHash.length);
    }
    push(leafHash.clone());
    size++;
  }

  /** Merges the new leaf into the frontier. */
  private void push(byte[] leaf) {
    byte[] hash = leaf;
    for (long bits = size; (bits & 1) == 1; bits >>>= 1) {
      byte[] left = frontier.remove(frontier.size() - 1);
      hasher.nodeInto(left, hash, left);
      hash = left;
    }
    frontier.add(hash);
  }

  /** The root of the tree of {@link #size()} leaves (RFC 6962 MTH), in O(log n) hashes. */
  public byte[] root() {
    if (frontier.isEmpty()) {
      return MerkleHash.emptyRoot();
    }
    byte[] hash = frontier.get(frontier.size() - 1);
    for (int i = frontier.size() - 2; i >= 0; i--) {
      hash = hasher.node(frontier.get(i), hash);
    }
    return hash.clone();
  }

  /** The frontier hashes, largest subtree first (copies). */
  public List<byte[]> frontier() {
    List<byte[]> copy = new ArrayList<>(frontier.size());
    for (byte[] hash : frontier) {
      copy.add(hash.clone());
    }
    return copy;
  }

  @Override
  public String toString() {
    return "CompactRange[size " + size + ", " + frontier.size() + " subtrees]";
  }
}
