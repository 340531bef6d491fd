package org.concordat.protocols.ledger;

import java.util.ArrayList;
import java.util.List;

/**
 * Port to the stored hashes of the ledger's perfect subtrees (see {@link NodeId}), so that any
 * proof needs O(log n) reads rather than rehashing the ledger. {@link CompactRange#append} says
 * which nodes to store as entries are appended.
 */
public interface NodeStore {

  /**
   * The 32-byte hash of node {@code id}.
   *
   * @throws IllegalStateException if the node is not stored (a proof was asked beyond the stored
   *     tree, or the store is damaged)
   */
  byte[] node(NodeId id);

  /**
   * The hashes of {@code ids}, in the same order. A store backed by a database overrides this to
   * fetch them in one query; proof builders ask for all their nodes in one call.
   */
  default List<byte[]> nodes(List<NodeId> ids) {
    List<byte[]> hashes = new ArrayList<>(ids.size());
    for (NodeId id : ids) {
      hashes.add(node(id));
    }
    return hashes;
  }
}
