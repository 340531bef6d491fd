package org.concordat.protocols.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import net.jqwik.api.Assume;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** Node-store proofs equal the RFC's recursive definitions and always verify. */
class MerkleProofsPropertiesTest {

  static List<byte[]> leaves(int n) {
    List<byte[]> leaves = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      leaves.add(MerkleHash.leafHash(ByteBuffer.allocate(4).putInt(i).array()));
    }
    return leaves;
  }

  @Property(tries = 300)
  void buildsTheRfcInclusionProofAndItVerifies(
      @ForAll @IntRange(min = 1, max = 300) int size, @ForAll @IntRange(min = 0, max = 299) int m)
      throws InvalidProofException {
    Assume.that(m < size);
    List<byte[]> leaves = leaves(size);
    InMemoryNodeStore store = InMemoryNodeStore.of(leaves);
    InclusionProof proof = MerkleProofs.inclusion(store, LeafIndex.of(m), TreeSize.of(size));

    assertThat(proof.hashes()).containsExactlyElementsOf(NaiveMerkle.path(m, leaves));
    byte[] root = MerkleHash.root(leaves);
    MerkleProofs.verifyInclusion(leaves.get(m), proof, root);
    assertThat(MerkleProofs.rootFromInclusionProof(leaves.get(m), proof)).isEqualTo(root);
  }

  @Property(tries = 300)
  void buildsTheRfcConsistencyProofAndItVerifies(
      @ForAll @IntRange(min = 1, max = 300) int newer,
      @ForAll @IntRange(min = 1, max = 300) int older)
      throws InvalidProofException {
    Assume.that(older <= newer);
    List<byte[]> leaves = leaves(newer);
    InMemoryNodeStore store = InMemoryNodeStore.of(leaves);
    ConsistencyProof proof =
        MerkleProofs.consistency(store, TreeSize.of(older), TreeSize.of(newer));

    assertThat(proof.hashes()).containsExactlyElementsOf(NaiveMerkle.proof(older, leaves));
    MerkleProofs.verifyConsistency(
        MerkleHash.root(leaves.subList(0, older)), proof, MerkleHash.root(leaves));
  }

  @Property(tries = 200)
  void refusesAConsistencyProofAgainstAnotherOlderTree(
      @ForAll @IntRange(min = 2, max = 200) int newer,
      @ForAll @IntRange(min = 1, max = 199) int older) {
    Assume.that(older < newer);
    List<byte[]> leaves = leaves(newer);
    ConsistencyProof proof =
        MerkleProofs.consistency(
            InMemoryNodeStore.of(leaves), TreeSize.of(older), TreeSize.of(newer));
    List<byte[]> forked = new ArrayList<>(leaves.subList(0, older));
    forked.set(older - 1, MerkleHash.leafHash(new byte[] {42}));

    assertThatThrownBy(
            () ->
                MerkleProofs.verifyConsistency(
                    MerkleHash.root(forked), proof, MerkleHash.root(leaves)))
        .isInstanceOf(InvalidProofException.class);
  }

  @Property(tries = 100)
  void readsLogarithmicallyManyNodesPerProof(
      @ForAll @IntRange(min = 1, max = 100_000) int size,
      @ForAll @IntRange(min = 0, max = 99_999) int m) {
    Assume.that(m < size);
    int bound = 2 * (64 - Integer.numberOfLeadingZeros(size)) + 2;
    assertThat(
            MerkleProofs.inclusionPlan(LeafIndex.of(m), TreeSize.of(size)).stream()
                .mapToInt(List::size)
                .sum())
        .isLessThanOrEqualTo(bound);
    assertThat(
            MerkleProofs.consistencyPlan(TreeSize.of(m), TreeSize.of(size)).stream()
                .mapToInt(List::size)
                .sum())
        .isLessThanOrEqualTo(bound);
  }

  @Property(tries = 100)
  void compactRangeRootEqualsTheRecursiveRootAndStoresEveryPerfectSubtree(
      @ForAll @IntRange(min = 0, max = 300) int size) {
    List<byte[]> leaves = leaves(size);
    CompactRange range = CompactRange.empty();
    AtomicInteger stored = new AtomicInteger();
    for (byte[] leaf : leaves) {
      for (StoredNode node : range.append(leaf)) {
        stored.incrementAndGet();
        long first = node.id().firstLeaf();
        assertThat(node.hash())
            .isEqualTo(
                MerkleHash.root(
                    leaves.subList((int) first, (int) (first + node.id().leafCount()))));
      }
    }
    assertThat(range.root()).isEqualTo(MerkleHash.root(leaves));
    assertThat(range.size()).isEqualTo(TreeSize.of(size));
    // A perfect binary forest over n leaves has 2n - popcount(n) nodes.
    assertThat(stored.get()).isEqualTo(2 * size - Integer.bitCount(size));
    if (size > 0) {
      CompactRange resumed = CompactRange.resume(InMemoryNodeStore.of(leaves), TreeSize.of(size));
      assertThat(resumed.root()).isEqualTo(range.root());
      assertThat(MerkleProofs.root(InMemoryNodeStore.of(leaves), TreeSize.of(size)))
          .isEqualTo(range.root());
    }
  }
}
