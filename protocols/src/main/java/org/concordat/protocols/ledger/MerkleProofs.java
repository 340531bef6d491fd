package org.concordat.protocols.ledger;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;

/**
 * RFC 6962 / RFC 9162 inclusion and consistency proofs: built from the stored perfect-subtree
 * hashes of a {@link NodeStore} in O(log n) node reads (one {@link NodeStore#nodes} call per
 * proof), and verified with the RFC 9162 §2.1.3.2 and §2.1.4.2 algorithms, as
 * transparency-dev/merkle does ({@code RootFromInclusionProof}, {@code VerifyInclusion}, {@code
 * VerifyConsistency}).
 *
 * <p>Verification is strict: every hash is 32 bytes, the proof has exactly the number of hashes its
 * sizes call for, and a consistency proof from the empty tree is refused as meaningless (the empty
 * tree is a prefix of every tree, so it proves nothing).
 */
public final class MerkleProofs {
  private MerkleProofs() {}

  // ---------------------------------------------------------------- building from a node store

  /**
   * The inclusion proof of leaf {@code index} in the tree of {@code size} leaves.
   *
   * <p>Precondition: index &lt; size, and {@code store} holds every perfect subtree of the first
   * {@code size} leaves.
   */
  public static InclusionProof inclusion(NodeStore store, LeafIndex index, TreeSize size) {
    Objects.requireNonNull(store, "store");
    List<List<NodeId>> plan = inclusionPlan(index, size);
    return new InclusionProof(index, size, fetch(store, plan));
  }

  /**
   * The node addresses an inclusion proof of {@code index} in a tree of {@code size} needs, each
   * proof hash as the left-to-right perfect subtrees it folds (one node unless it is on the right
   * edge), deepest proof hash first. For stores that want to plan their own reads.
   */
  public static List<List<NodeId>> inclusionPlan(LeafIndex index, TreeSize size) {
    Objects.requireNonNull(index, "index");
    Objects.requireNonNull(size, "size");
    if (index.value() >= size.value()) {
      throw new IllegalArgumentException(
          "Leaf " + index + " is not in a tree of " + size + " entries");
    }
    List<List<NodeId>> plan = new ArrayList<>();
    path(index.value(), 0, size.value(), plan);
    return plan;
  }

  /**
   * The consistency proof from the tree of {@code older} leaves to the tree of {@code newer}
   * leaves. From size 0, or between equal sizes, the proof is empty.
   *
   * <p>Precondition: older &le; newer, and {@code store} holds every perfect subtree of the first
   * {@code newer} leaves.
   */
  public static ConsistencyProof consistency(NodeStore store, TreeSize older, TreeSize newer) {
    Objects.requireNonNull(store, "store");
    List<List<NodeId>> plan = consistencyPlan(older, newer);
    return new ConsistencyProof(older, newer, fetch(store, plan));
  }

  /** The node addresses a consistency proof needs, as for {@link #inclusionPlan}. */
  public static List<List<NodeId>> consistencyPlan(TreeSize older, TreeSize newer) {
    Objects.requireNonNull(older, "older");
    Objects.requireNonNull(newer, "newer");
    if (older.value() > newer.value()) {
      throw new IllegalArgumentException(
          "A consistency proof goes from a smaller tree to a larger one, not from "
              + older
              + " to "
              + newer);
    }
    List<List<NodeId>> plan = new ArrayList<>();
    if (older.value() > 0 && older.value() < newer.value()) {
      subproof(older.value(), 0, newer.value(), true, plan);
    }
    return plan;
  }

  /** The root of the first {@code size} leaves, from at most log2(size) + 1 stored nodes. */
  public static byte[] root(NodeStore store, TreeSize size) {
    Objects.requireNonNull(store, "store");
    if (size.value() == 0) {
      return MerkleHash.emptyRoot();
    }
    List<NodeId> ids = range(0, size.value());
    return fold(store.nodes(ids), new TreeHasher());
  }

  // RFC 9162 §2.1.3.1 PATH(m, D[start:start+n]), deepest sibling first.
  private static void path(long m, long start, long n, List<List<NodeId>> out) {
    if (n == 1) {
      return;
    }
    long k = Long.highestOneBit(n - 1);
    if (m < k) {
      path(m, start, k, out);
      out.add(range(start + k, start + n));
    } else {
      path(m - k, start + k, n - k, out);
      out.add(range(start, start + k));
    }
  }

  // RFC 9162 §2.1.4.1 SUBPROOF(m, D[start:start+n], b).
  private static void subproof(long m, long start, long n, boolean b, List<List<NodeId>> out) {
    if (m == n) {
      if (!b) {
        out.add(range(start, start + n));
      }
      return;
    }
    long k = Long.highestOneBit(n - 1);
    if (m <= k) {
      subproof(m, start, k, b, out);
      out.add(range(start + k, start + n));
    } else {
      subproof(m - k, start + k, n - k, false, out);
      out.add(range(start, start + k));
    }
  }

  /**
   * The perfect subtrees covering leaves [start, end), left to right: one per set bit of the
   * length, largest first. Every range these algorithms ask for starts at a multiple of its own
   * largest piece, so each piece is a stored node.
   */
  static List<NodeId> range(long start, long end) {
    List<NodeId> ids = new ArrayList<>(Long.bitCount(end - start));
    long at = start;
    for (int level = 63 - Long.numberOfLeadingZeros(end - start); level >= 0; level--) {
      if (((end - start) >>> level & 1) == 1) {
        ids.add(new NodeId(level, at >>> level));
        at += 1L << level;
      }
    }
    return ids;
  }

  private static List<byte[]> fetch(NodeStore store, List<List<NodeId>> plan) {
    List<NodeId> all = new ArrayList<>();
    for (List<NodeId> ids : plan) {
      all.addAll(ids);
    }
    List<byte[]> hashes = store.nodes(all);
    if (hashes.size() != all.size()) {
      throw new IllegalStateException(
          "The node store returned " + hashes.size() + " hashes for " + all.size() + " nodes");
    }
    TreeHasher hasher = new TreeHasher();
    List<byte[]> proof = new ArrayList<>(plan.size());
    int at = 0;
    for (List<NodeId> ids : plan) {
      proof.add(fold(hashes.subList(at, at + ids.size()), hasher));
      at += ids.size();
    }
    return proof;
  }

  /** The hash of a ragged range from its perfect pieces, left to right: fold from the right. */
  private static byte[] fold(List<byte[]> pieces, TreeHasher hasher) {
    byte[] hash = requireStored(pieces.get(pieces.size() - 1));
    for (int i = pieces.size() - 2; i >= 0; i--) {
      hash = hasher.node(requireStored(pieces.get(i)), hash);
    }
    return hash;
  }

  private static byte[] requireStored(byte[] hash) {
    if (hash == null || hash.length != MerkleHash.SIZE) {
      throw new IllegalStateException("The node store returned a hash that is not 32 bytes");
    }
    return hash;
  }

  // ---------------------------------------------------------------- verification

  /**
   * The root that {@code proof} leads to from {@code leafHash} (RFC 9162 §2.1.3.2). Compare it with
   * a trusted root, or use {@link #verifyInclusion}.
   *
   * @throws InvalidProofException if the index is not below the size, a hash is not 32 bytes, or
   *     the proof has the wrong number of hashes for its index and size
   */
  public static byte[] rootFromInclusionProof(byte[] leafHash, InclusionProof proof)
      throws InvalidProofException {
    Objects.requireNonNull(leafHash, "leafHash");
    Objects.requireNonNull(proof, "proof");
    long index = proof.index().value();
    long size = proof.size().value();
    if (index >= size) {
      throw new InvalidProofException(
          "Leaf " + index + " is not in a tree of " + size + " entries");
    }
    requireHash(leafHash, "The leaf hash");
    List<byte[]> hashes = proof.hashesUnsafe();
    requireHashes(hashes);
    int inner = innerProofSize(index, size);
    int border = Long.bitCount(index >>> inner);
    if (hashes.size() != inner + border) {
      throw new InvalidProofException(
          "An inclusion proof of leaf "
              + index
              + " in a tree of "
              + size
              + " has "
              + (inner + border)
              + " hashes, not "
              + hashes.size());
    }
    TreeHasher hasher = new TreeHasher();
    byte[] hash = chainInner(hasher, leafHash, hashes.subList(0, inner), index);
    return chainBorderRight(hasher, hash, hashes.subList(inner, hashes.size()));
  }

  /**
   * Checks that {@code proof} shows {@code leafHash} at its index in the tree whose root is {@code
   * root}.
   *
   * @throws InvalidProofException if it does not, saying why
   */
  public static void verifyInclusion(byte[] leafHash, InclusionProof proof, byte[] root)
      throws InvalidProofException {
    Objects.requireNonNull(root, "root");
    byte[] computed = rootFromInclusionProof(leafHash, proof);
    requireHash(root, "The root hash");
    if (!MessageDigest.isEqual(computed, root)) {
      throw new InvalidProofException(
          "The inclusion proof of leaf "
              + proof.index()
              + " leads to root "
              + base64(computed)
              + ", not "
              + base64(root));
    }
  }

  /**
   * Checks that {@code proof} shows the tree of {@code proof.older()} leaves with root {@code
   * olderRoot} is a prefix of the tree of {@code proof.newer()} leaves with root {@code newerRoot}
   * (RFC 9162 §2.1.4.2).
   *
   * @throws InvalidProofException if it does not, saying why; always for an older size of 0
   */
  public static void verifyConsistency(byte[] olderRoot, ConsistencyProof proof, byte[] newerRoot)
      throws InvalidProofException {
    Objects.requireNonNull(olderRoot, "olderRoot");
    Objects.requireNonNull(proof, "proof");
    Objects.requireNonNull(newerRoot, "newerRoot");
    long size1 = proof.older().value();
    long size2 = proof.newer().value();
    List<byte[]> hashes = proof.hashesUnsafe();
    requireHashes(hashes);
    if (size2 < size1) {
      throw new InvalidProofException(
          "The newer tree (" + size2 + ") is smaller than the older (" + size1 + ")");
    }
    if (size1 == 0) {
      throw new InvalidProofException(
          "A consistency proof from the empty tree is meaningless: it is a prefix of every tree");
    }
    if (size1 == size2) {
      if (!hashes.isEmpty()) {
        throw new InvalidProofException(
            "A consistency proof between trees of the same size is empty");
      }
      requireMatch(olderRoot, newerRoot, "The two roots of a tree of " + size1 + " entries differ");
      return;
    }
    // Only here do the roots take part in hashing; between equal sizes they are just compared
    // (the transparency-dev vectors accept that for roots of any length).
    requireHash(olderRoot, "The older root");
    requireHash(newerRoot, "The newer root");
    if (hashes.isEmpty()) {
      throw new InvalidProofException("The consistency proof is empty");
    }
    int inner = innerProofSize(size1 - 1, size2);
    int border = Long.bitCount((size1 - 1) >>> inner);
    int shift = Long.numberOfTrailingZeros(size1);
    inner -= shift;
    // The proof starts with the root of the perfect subtree of 2^shift leaves ending at size1,
    // unless that subtree is the whole older tree, whose root the verifier already has.
    byte[] seed;
    int start;
    if (size1 == 1L << shift) {
      seed = olderRoot;
      start = 0;
    } else {
      seed = hashes.get(0);
      start = 1;
    }
    if (hashes.size() != start + inner + border) {
      throw new InvalidProofException(
          "A consistency proof from "
              + size1
              + " to "
              + size2
              + " has "
              + (start + inner + border)
              + " hashes, not "
              + hashes.size());
    }
    List<byte[]> rest = hashes.subList(start, hashes.size());
    long mask = (size1 - 1) >>> shift;
    TreeHasher hasher = new TreeHasher();
    byte[] hash1 = chainInnerRight(hasher, seed, rest.subList(0, inner), mask);
    hash1 = chainBorderRight(hasher, hash1, rest.subList(inner, rest.size()));
    requireMatch(
        hash1,
        olderRoot,
        "The consistency proof leads to older root "
            + base64(hash1)
            + ", not "
            + base64(olderRoot));
    byte[] hash2 = chainInner(hasher, seed, rest.subList(0, inner), mask);
    hash2 = chainBorderRight(hasher, hash2, rest.subList(inner, rest.size()));
    requireMatch(
        hash2,
        newerRoot,
        "The consistency proof leads to newer root "
            + base64(hash2)
            + ", not "
            + base64(newerRoot));
  }

  /** The number of proof hashes below the level where the paths to index and size − 1 meet. */
  private static int innerProofSize(long index, long size) {
    return 64 - Long.numberOfLeadingZeros(index ^ (size - 1));
  }

  private static byte[] chainInner(TreeHasher hasher, byte[] seed, List<byte[]> proof, long index) {
    byte[] hash = seed;
    for (int i = 0; i < proof.size(); i++) {
      hash =
          ((index >>> i) & 1) == 0
              ? hasher.node(hash, proof.get(i))
              : hasher.node(proof.get(i), hash);
    }
    return hash;
  }

  private static byte[] chainInnerRight(
      TreeHasher hasher, byte[] seed, List<byte[]> proof, long index) {
    byte[] hash = seed;
    for (int i = 0; i < proof.size(); i++) {
      if (((index >>> i) & 1) == 1) {
        hash = hasher.node(proof.get(i), hash);
      }
    }
    return hash;
  }

  private static byte[] chainBorderRight(TreeHasher hasher, byte[] seed, List<byte[]> proof) {
    byte[] hash = seed;
    for (byte[] sibling : proof) {
      hash = hasher.node(sibling, hash);
    }
    return hash;
  }

  private static void requireHashes(List<byte[]> hashes) throws InvalidProofException {
    if (hashes.size() > 64) {
      throw new InvalidProofException("A proof has at most 64 hashes, not " + hashes.size());
    }
    for (int i = 0; i < hashes.size(); i++) {
      requireHash(hashes.get(i), "Proof hash " + i);
    }
  }

  private static void requireHash(byte[] hash, String what) throws InvalidProofException {
    if (hash.length != MerkleHash.SIZE) {
      throw new InvalidProofException(what + " is " + hash.length + " bytes, not 32");
    }
  }

  private static void requireMatch(byte[] computed, byte[] expected, String message)
      throws InvalidProofException {
    if (!MessageDigest.isEqual(computed, expected)) {
      throw new InvalidProofException(message);
    }
  }

  private static String base64(byte[] hash) {
    return Base64.getEncoder().encodeToString(hash);
  }
}
