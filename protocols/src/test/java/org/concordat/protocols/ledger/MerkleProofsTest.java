package org.concordat.protocols.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.Test;

/** Proof building against the reference tree, and the refusals a caller can run into. */
class MerkleProofsTest {

  private static List<byte[]> referenceLeaves() throws IOException {
    try (InputStream in =
        Objects.requireNonNull(
            MerkleProofsTest.class.getResourceAsStream("/vectors/merkle/reference-tree.json"))) {
      JsonNode tree = new ObjectMapper().readTree(in);
      List<byte[]> leaves = new ArrayList<>();
      for (JsonNode input : tree.get("leafInputsHex")) {
        leaves.add(MerkleHash.leafHash(HexFormat.of().parseHex(input.asText())));
      }
      return leaves;
    }
  }

  @Test
  void buildsTheReferenceInclusionProofOfLeafFiveInEight() throws Exception {
    // transparency-dev/merkle testdata/inclusion/2/happy-path.json: leaf 5 in a tree of 8.
    InMemoryNodeStore store = InMemoryNodeStore.of(referenceLeaves());
    InclusionProof proof = MerkleProofs.inclusion(store, LeafIndex.of(5), TreeSize.of(8));
    assertThat(proof.base64Hashes())
        .containsExactly(
            "vBoGQ7EuTS18d5GPROD095qDi2z57FtcKD4fTYhZnms=",
            "yoVOoSjtBQtBs1/8G4e46yveRh6eO1WW7Oa51ZdaCuA=",
            "037kGJdt2VdTwcc4Yrk5j6Kiz5tP8P3+izDNlSCWFLc=");
    MerkleProofs.verifyInclusion(referenceLeaves().get(5), proof, store.root(TreeSize.of(8)));
  }

  @Test
  void refusesToBuildProofsOutsideTheTree() throws IOException {
    InMemoryNodeStore store = InMemoryNodeStore.of(referenceLeaves());
    assertThatThrownBy(() -> MerkleProofs.inclusion(store, LeafIndex.of(8), TreeSize.of(8)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not in a tree of 8");
    assertThatThrownBy(() -> MerkleProofs.consistency(store, TreeSize.of(5), TreeSize.of(4)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MerkleProofs.inclusion(store, LeafIndex.of(3), TreeSize.of(9)))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("no node");
  }

  @Test
  void givesAnEmptyProofFromTheEmptyTreeAndBetweenEqualSizes() throws IOException {
    InMemoryNodeStore store = InMemoryNodeStore.of(referenceLeaves());
    assertThat(MerkleProofs.consistency(store, TreeSize.of(0), TreeSize.of(8)).hashes()).isEmpty();
    assertThat(MerkleProofs.consistency(store, TreeSize.of(8), TreeSize.of(8)).hashes()).isEmpty();
  }

  @Test
  void doesNotLetACallerChangeAProofThroughItsArrays() throws IOException {
    InMemoryNodeStore store = InMemoryNodeStore.of(referenceLeaves());
    InclusionProof proof = MerkleProofs.inclusion(store, LeafIndex.of(2), TreeSize.of(8));
    proof.hashes().get(0)[0] ^= 1;
    assertThat(proof).isEqualTo(MerkleProofs.inclusion(store, LeafIndex.of(2), TreeSize.of(8)));
  }

  @Test
  void refusesNodeAddressesOutsideAnyTree() {
    assertThatThrownBy(() -> new NodeId(63, 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new NodeId(0, -1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new NodeId(62, 2)).isInstanceOf(IllegalArgumentException.class);
    assertThat(new NodeId(3, 2).firstLeaf()).isEqualTo(16);
  }
}
