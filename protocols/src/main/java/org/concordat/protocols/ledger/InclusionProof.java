package org.concordat.protocols.ledger;

import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * An RFC 9162 §2.1.3 inclusion proof (audit path): the sibling hashes, deepest first, that lead
 * from the leaf at {@code index} to the root of the tree of {@code size} leaves.
 *
 * <p>A proof received from elsewhere is untrusted: the record holds whatever hashes it was given,
 * and {@link MerkleProofs#verifyInclusion} checks their number, length and result.
 */
public record InclusionProof(LeafIndex index, TreeSize size, List<byte[]> hashes) {
  public InclusionProof {
    Objects.requireNonNull(index, "index");
    Objects.requireNonNull(size, "size");
    hashes = copy(hashes);
  }

  /** Copies of the proof hashes, deepest first. */
  @Override
  public List<byte[]> hashes() {
    return copy(hashes);
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

  static List<byte[]> copy(List<byte[]> hashes) {
    Objects.requireNonNull(hashes, "hashes");
    List<byte[]> copy = new ArrayList<>(hashes.size());
    for (byte[] hash : hashes) {
      copy.add(Objects.requireNonNull(hash, "proof hash").clone());
    }
    return List.copyOf(copy);
  }

  @Override
  public boolean equals(@Nullable Object other) {
    return other instanceof InclusionProof that
        && index.equals(that.index)
        && size.equals(that.size)
        && base64Hashes().equals(that.base64Hashes());
  }

  @Override
  public int hashCode() {
    return Objects.hash(index, size, base64Hashes());
  }

  @Override
  public String toString() {
    return "InclusionProof[index " + index + ", size " + size + ", " + base64Hashes() + "]";
  }
}
