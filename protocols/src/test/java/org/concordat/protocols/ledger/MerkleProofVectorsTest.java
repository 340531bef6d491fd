package org.concordat.protocols.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every transparency-dev/merkle proof vector in vectors/merkle/inclusion and
 * vectors/merkle/consistency (see SOURCE.md), through {@link MerkleProofs}' verifiers.
 */
class MerkleProofVectorsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

  static Stream<Named<JsonNode>> inclusionVectors() throws IOException, URISyntaxException {
    return vectors("inclusion");
  }

  static Stream<Named<JsonNode>> consistencyVectors() throws IOException, URISyntaxException {
    return vectors("consistency");
  }

  private static Stream<Named<JsonNode>> vectors(String folder)
      throws IOException, URISyntaxException {
    Path root =
        Path.of(
            Objects.requireNonNull(
                    MerkleProofVectorsTest.class.getResource("/vectors/merkle/" + folder))
                .toURI());
    List<Named<JsonNode>> vectors = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path file : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
        JsonNode vector = JSON.readTree(file.toFile());
        vectors.add(Named.of(root.relativize(file) + ": " + vector.get("desc").asText(), vector));
      }
    }
    assertThat(vectors).hasSizeGreaterThan(90);
    return vectors.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("inclusionVectors")
  void verifiesInclusionProofsAsTheVectorsSay(JsonNode vector) {
    boolean wantErr = vector.get("wantErr").asBoolean();
    BigInteger index = vector.get("leafIdx").bigIntegerValue();
    BigInteger size = vector.get("treeSize").bigIntegerValue();
    if (index.compareTo(LONG_MAX) > 0 || size.compareTo(LONG_MAX) > 0) {
      // Beyond any tree this ledger can hold: not even representable as a LeafIndex or TreeSize.
      assertThat(wantErr).isTrue();
      return;
    }
    InclusionProof proof =
        new InclusionProof(
            LeafIndex.of(index.longValue()), TreeSize.of(size.longValue()), hashes(vector));
    byte[] leafHash = bytes(vector, "leafHash");
    byte[] root = bytes(vector, "root");
    if (wantErr) {
      assertThatThrownBy(() -> MerkleProofs.verifyInclusion(leafHash, proof, root))
          .isInstanceOf(InvalidProofException.class);
    } else {
      assertThatCode(() -> MerkleProofs.verifyInclusion(leafHash, proof, root))
          .doesNotThrowAnyException();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("consistencyVectors")
  void verifiesConsistencyProofsAsTheVectorsSay(JsonNode vector) {
    ConsistencyProof proof =
        new ConsistencyProof(
            TreeSize.of(vector.get("size1").asLong()),
            TreeSize.of(vector.get("size2").asLong()),
            hashes(vector));
    byte[] root1 = bytes(vector, "root1");
    byte[] root2 = bytes(vector, "root2");
    if (vector.get("wantErr").asBoolean()) {
      assertThatThrownBy(() -> MerkleProofs.verifyConsistency(root1, proof, root2))
          .isInstanceOf(InvalidProofException.class);
    } else {
      assertThatCode(() -> MerkleProofs.verifyConsistency(root1, proof, root2))
          .doesNotThrowAnyException();
    }
  }

  private static List<byte[]> hashes(JsonNode vector) {
    List<byte[]> hashes = new ArrayList<>();
    JsonNode proof = vector.get("proof");
    if (proof != null && !proof.isNull()) {
      for (JsonNode hash : proof) {
        hashes.add(Base64.getDecoder().decode(hash.asText()));
      }
    }
    return hashes;
  }

  private static byte[] bytes(JsonNode vector, String member) {
    JsonNode value = vector.get(member);
    return value == null || value.isNull()
        ? new byte[0]
        : Base64.getDecoder().decode(value.asText());
  }
}
