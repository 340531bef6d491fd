package org.concordat.protocols.ledger;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A {@link NodeStore} in memory, for tests, benchmarks and offline tools: each level's hashes in
 * one growing byte array, filled in the order {@link CompactRange#append} produces them. Not
 * thread-safe.
 */
public final class InMemoryNodeStore implements NodeStore {
  private final List<byte[]> levels = new ArrayList<>();
  private final List<Long> counts = new ArrayList<>();
  private final CompactRange range = CompactRange.empty();

  /** The store of every perfect subtree of these leaves. */
  public static InMemoryNodeStore of(List<byte[]> leafHashes) {
    InMemoryNodeStore store = new InMemoryNodeStore();
    for (byte[] leaf : leafHashes) {
      store.append(leaf);
    }
    return store;
  }

  /** Appends the next leaf hash and stores every node it completes. */
  public void append(byte[] leafHash) {
    putAll(range.append(leafHash));
  }

  /** The number of leaves stored. */
  public TreeSize size() {
    return range.size();
  }

  /** The root of the first {@code size} leaves. */
  public byte[] root(TreeSize size) {
    return MerkleProofs.root(this, size);
  }

  private void putAll(List<StoredNode> nodes) {
    for (StoredNode node : nodes) {
      put(node.id(), node.hash());
    }
  }

  private void put(NodeId id, byte[] hash) {
    while (levels.size() <= id.level()) {
      levels.add(new byte[MerkleHash.SIZE * 16]);
      counts.add(0L);
    }
    long count = counts.get(id.level());
    if (id.index() != count) {
      throw new IllegalStateException("Nodes are stored in order: expected " + count + " at " + id);
    }
    byte[] level = levels.get(id.level());
    long offset = count * MerkleHash.SIZE;
    if (offset + MerkleHash.SIZE > level.length) {
      long grown = Math.min((long) level.length * 2, Integer.MAX_VALUE - 8);
      if (grown < offset + MerkleHash.SIZE) {
        throw new IllegalStateException("An in-memory node store holds at most 2^26 leaves");
      }
      level = Arrays.copyOf(level, (int) grown);
      levels.set(id.level(), level);
    }
    System.arraycopy(hash, 0, level, (int) offset, MerkleHash.SIZE);
    counts.set(id.level(), count + 1);
  }

  @Override
  public byte[] node(NodeId id) {
    Objects.requireNonNull(id, "id");
    if (id.level() >= levels.size() || id.index() >= counts.get(id.level())) {
      throw new IllegalStateException("The node store has no " + id);
    }
    int offset = (int) (id.index() * MerkleHash.SIZE);
    return Arrays.copyOfRange(levels.get(id.level()), offset, offset + MerkleHash.SIZE);
  }

  @Override
  public String toString() {
    return "InMemoryNodeStore[" + range.size() + " leaves]";
  }
}
