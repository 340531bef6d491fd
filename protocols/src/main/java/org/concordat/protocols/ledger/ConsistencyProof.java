package org.concordat.protocols.ledger;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An RFC 9162 §2.1.4 consistency proof: the hashes that show the tree of {@code older} leaves is a
 * prefix of the tree of {@code newer} leaves, in RFC order.
 *
 * <p>A proof received from elsewhere is untrusted: the record holds whatever hashes it was given,
 * and {@link MerkleProofs#verifyConsistency} checks their number, length and result.
 */
public record ConsistencyProof(TreeSize older, TreeSize newer, List<byte[]> hashes) {
  public ConsistencyProof {
    Objects.requireNonNull(older, "older");
    Objects.requireNonNull(newer, "newer");
    hashes = InclusionProof.copy(hashes);
  }

  /** Copies of the proof hashes, in order. */
  @Override
  public List<byte[]> hashes() {
    return InclusionProof.copy(hashes);
  }

  /** The proof hashes in standard base64, in order (the form the HTTP API returns). */
  public List<String> base64Hashes() {
    List<String> out = new ArrayList<>(hashes.size());
    for (byte[] hash : hashes) {
      out.add(Base64.getEncoder().encodeToString(hash));
    }
    return out;
  }

  List<byte[]> hashesUnsafe() {
    return hashes;
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof ConsistencyProof that
        && older.equals(that.older)
        && newer.equals(that.newer)
        && base64Hashes().equals(that.base64Hashes());
  }

  @Override
  public int hashCode() {
    return Objects.hash(older, newer, base64Hashes());
  }

  @Override
  public String toString() {
    return "ConsistencyProof[" + older + " to " + newer + ", " + base64Hashes() + "]";
  }
}
