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
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Against the RFC 6962 reference tree in vectors/merkle (see its SOURCE.md). */
class MerkleHashTest {
  private static final HexFormat HEX = HexFormat.of();
  private static JsonNode tree;
  private static final List<byte[]> leafHashes = new ArrayList<>();

  @BeforeAll
  static void readReferenceTree() throws IOException {
    try (InputStream in =
        Objects.requireNonNull(
            MerkleHashTest.class.getResourceAsStream("/vectors/merkle/reference-tree.json"))) {
      tree = new ObjectMapper().readTree(in);
    }
    for (JsonNode input : tree.get("leafInputsHex")) {
      leafHashes.add(MerkleHash.leafHash(HEX.parseHex(input.asText())));
    }
  }

  @Test
  void hashesEachReferenceLeaf() {
    for (int i = 0; i < leafHashes.size(); i++) {
      assertThat(HEX.formatHex(leafHashes.get(i)))
          .as("leaf %d", i)
          .isEqualTo(tree.get("leafHashesHex").get(i).asText());
    }
  }

  @Test
  void hashesEachReferenceNodeLevelByLevel() {
    List<byte[]> level = leafHashes;
    JsonNode levels = tree.get("nodeHashesHexByLevel");
    for (int l = 1; l < levels.size(); l++) {
      List<byte[]> next = new ArrayList<>();
      for (int i = 0; i + 1 < level.size(); i += 2) {
        next.add(MerkleHash.nodeHash(level.get(i), level.get(i + 1)));
      }
      for (int i = 0; i < next.size(); i++) {
        assertThat(HEX.formatHex(next.get(i)))
            .as("level %d node %d", l, i)
            .isEqualTo(levels.get(l).get(i).asText());
      }
      level = next;
    }
  }

  @Test
  void computesTheReferenceRootAtEverySize() {
    JsonNode roots = tree.get("rootHashHexByTreeSize");
    for (int size = 0; size <= leafHashes.size(); size++) {
      assertThat(HEX.formatHex(MerkleHash.root(leafHashes.subList(0, size))))
          .as("root of size %d", size)
          .isEqualTo(roots.get(Integer.toString(size)).asText());
    }
  }

  @Test
  void givesTheEmptyRootAsTheHashOfNothing() {
    assertThat(HEX.formatHex(MerkleHash.emptyRoot()))
        .isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  }

  @Test
  void refusesNodeHashesOfTheWrongLength() {
    assertThatThrownBy(() -> MerkleHash.nodeHash(new byte[31], new byte[32]))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> MerkleHash.root(List.of(new byte[33])))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void doesNotLetTheCallerChangeALeafThroughTheRootOfOne() {
    byte[] leaf = leafHashes.get(0).clone();
    byte[] root = MerkleHash.root(List.of(leaf));
    root[0] ^= 1;
    assertThat(leaf).isEqualTo(leafHashes.get(0));
  }
}
