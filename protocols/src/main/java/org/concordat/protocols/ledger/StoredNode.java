package org.concordat.protocols.ledger;

import java.util.Arrays;
import java.util.HexFormat;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** One perfect-subtree hash to store at its {@link NodeId}, as produced by {@link CompactRange}. */
public record StoredNode(NodeId id, byte[] hash) {
  public StoredNode {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(hash, "hash");
    if (hash.length != MerkleHash.SIZE) {
      throw new IllegalArgumentException("A node hash is 32 bytes, not " + hash.length);
    }
    hash = hash.clone();
  }

  /** A copy of the hash. */
  @Override
  public byte[] hash() {
    return hash.clone();
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof StoredNode that && id.equals(that.id) && Arrays.equals(hash, that.hash);
  }

  @Override
  public int hashCode() {
    return 31 * id.hashCode() + Arrays.hashCode(hash);
  }

  @Override
  public String toString() {
    return "StoredNode[" + id + " " + HexFormat.of().formatHex(hash) + "]";
  }
}
