package org.concordat.protocols.ledger;

import java.security.DigestException;
import java.security.MessageDigest;
import org.concordat.protocols.canonical.Sha256;

/**
 * RFC 6962 leaf and node hashing on one reused JDK SHA-256 instance, for loops that hash many nodes
 * (verification, proofs, compact ranges). Not thread-safe: one per thread or per call.
 */
final class TreeHasher {
  private final MessageDigest sha256;

  TreeHasher() {
    sha256 = Sha256.newDigest();
  }

  byte[] leaf(byte[] entryBytes) {
    sha256.update((byte) 0x00);
    sha256.update(entryBytes);
    return sha256.digest();
  }

  /** SHA-256(0x01 ‖ left ‖ right); both are 32 bytes (callers check untrusted input first). */
  byte[] node(byte[] left, byte[] right) {
    sha256.update((byte) 0x01);
    sha256.update(left);
    sha256.update(right);
    return sha256.digest();
  }

  /** Like {@link #node} but writes the hash into {@code out}, which may be {@code left} itself. */
  void nodeInto(byte[] left, byte[] right, byte[] out) {
    sha256.update((byte) 0x01);
    sha256.update(left);
    sha256.update(right);
    try {
      sha256.digest(out, 0, MerkleHash.SIZE);
    } catch (DigestException e) {
      throw new IllegalStateException(e);
    }
  }
}
