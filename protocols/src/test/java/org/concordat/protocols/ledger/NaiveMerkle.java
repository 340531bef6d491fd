package org.concordat.protocols.ledger;

import java.util.ArrayList;
import java.util.List;

/**
 * RFC 9162 §2.1.3.1 PATH and §2.1.4.1 SUBPROOF written straight from the text, recursing over all
 * leaf hashes: slow, obviously right, the oracle for the node-store proof builders.
 */
final class NaiveMerkle {
  private NaiveMerkle() {}

  static List<byte[]> path(int m, List<byte[]> leaves) {
    int n = leaves.size();
    List<byte[]> out = new ArrayList<>();
    if (n <= 1) {
      return out;
    }
    int k = Integer.highestOneBit(n - 1);
    if (m < k) {
      out.addAll(path(m, leaves.subList(0, k)));
      out.add(MerkleHash.root(leaves.subList(k, n)));
    } else {
      out.addAll(path(m - k, leaves.subList(k, n)));
      out.add(MerkleHash.root(leaves.subList(0, k)));
    }
    return out;
  }

  static List<byte[]> proof(int m, List<byte[]> leaves) {
    if (m == 0 || m == leaves.size()) {
      return new ArrayList<>();
    }
    return subproof(m, leaves, true);
  }

  private static List<byte[]> subproof(int m, List<byte[]> leaves, boolean b) {
    int n = leaves.size();
    List<byte[]> out = new ArrayList<>();
    if (m == n) {
      if (!b) {
        out.add(MerkleHash.root(leaves));
      }
      return out;
    }
    int k = Integer.highestOneBit(n - 1);
    if (m <= k) {
      out.addAll(subproof(m, leaves.subList(0, k), b));
      out.add(MerkleHash.root(leaves.subList(k, n)));
    } else {
      out.addAll(subproof(m - k, leaves.subList(k, n), false));
      out.add(MerkleHash.root(leaves.subList(0, k)));
    }
    return out;
  }
}
