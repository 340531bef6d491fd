package org.concordat.protocols.ledger;

import java.security.MessageDigest;
import java.util.List;
import java.util.Objects;
import org.concordat.protocols.canonical.Sha256;

/**
 * RFC 6962 (and RFC 9162 §2.1.1) Merkle tree hashing with SHA-256. The 0x00 and 0x01 prefixes keep
 * a leaf from ever being passed off as an interior node (second pre-image resistance).
 */
public final class MerkleHash {
  /** The size of every hash here, in bytes. */
  public static final int SIZE = 32;

  private MerkleHash() {}

  /** SHA-256(0x00 ‖ entryBytes). */
  public static byte[] leafHash(byte[] entryBytes) {
    Objects.requireNonNull(entryBytes, "entryBytes");
    MessageDigest sha256 = Sha256.newDigest();
    sha256.update((byte) 0x00);
    sha256.update(entryBytes);
    return sha256.digest();
  }

  /**
   * SHA-256(0x01 ‖ left ‖ right).
   *
   * <p>Precondition: both are 32-byte hashes.
   */
  public static byte[] nodeHash(byte[] left, byte[] right) {
    requireHash(left, "left");
    requireHash(right, "right");
    MessageDigest sha256 = Sha256.newDigest();
    sha256.update((byte) 0x01);
    sha256.update(left);
    sha256.update(right);
    return sha256.digest();
  }

  /** The root of the empty tree: SHA-256 of no bytes. */
  public static byte[] emptyRoot() {
    return Sha256.digest(new byte[0]);
  }

  /**
   * The Merkle tree hash MTH of the leaves whose leaf hashes are given, in order: for n &gt; 1 the
   * node hash of the roots of the first k and the remaining n &minus; k leaves, where k is the
   * largest power of two smaller than n.
   *
   * <p>Precondition: every element is a 32-byte hash.
   */
  public static byte[] root(List<byte[]> leafHashes) {
    Objects.requireNonNull(leafHashes, "leafHashes");
    for (byte[] hash : leafHashes) {
      requireHash(hash, "leaf hash");
    }
    if (leafHashes.isEmpty()) {
      return emptyRoot();
    }
    return subtreeRoot(leafHashes, 0, leafHashes.size());
  }

  private static byte[] subtreeRoot(List<byte[]> leaves, int from, int to) {
    int n = to - from;
    if (n == 1) {
      return leaves.get(from).clone();
    }
    int k = Integer.highestOneBit(n - 1);
    return nodeHash(subtreeRoot(leaves, from, from + k), subtreeRoot(leaves, from + k, to));
  }

  private static void requireHash(byte[] hash, String what) {
    Objects.requireNonNull(hash, what);
    if (hash.length != SIZE) {
      throw new IllegalArgumentException(
          "A " + what + " is " + SIZE + " bytes, not " + hash.length);
    }
  }
}
