package org.concordat.protocols.canonical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class CanonicalJsonTest {
  private static final ObjectMapper JSON = new ObjectMapper();

  record Vector(String input, JsonNode want, boolean wantErr) {}

  static Stream<Named<Vector>> vectors() throws IOException {
    try (InputStream in =
        Objects.requireNonNull(
            CanonicalJsonTest.class.getResourceAsStream("/vectors/canonical/jcs.json"))) {
      List<Named<Vector>> vectors = new ArrayList<>();
      for (JsonNode v : JSON.readTree(in)) {
        vectors.add(
            Named.of(
                v.get("desc").asText(),
                new Vector(v.get("input").asText(), v.get("want"), v.get("wantErr").asBoolean())));
      }
      return vectors.stream();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void canonicalisesTheVector(Vector vector) throws IOException {
    JsonNode input = JSON.readTree(vector.input());
    if (vector.wantErr()) {
      assertThatThrownBy(() -> CanonicalJson.canonicalize(input))
          .isInstanceOf(IllegalArgumentException.class);
    } else {
      assertThat(new String(CanonicalJson.canonicalize(input), StandardCharsets.UTF_8))
          .isEqualTo(vector.want().asText());
    }
  }

  @Test
  void givesTheSameBytesWhateverOrderMembersWereAddedIn() {
    ObjectNode one = JsonNodeFactory.instance.objectNode().put("b", "2").put("a", "1");
    ObjectNode two = JsonNodeFactory.instance.objectNode().put("a", "1").put("b", "2");
    assertThat(CanonicalJson.canonicalize(one)).isEqualTo(CanonicalJson.canonicalize(two));
  }

  @Test
  void writesNonAsciiAsUtf8NotEscapes() {
    JsonNode node = JsonNodeFactory.instance.textNode("Zoë €");
    assertThat(CanonicalJson.canonicalize(node))
        .isEqualTo("\"Zoë €\"".getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void refusesDoubleNodesEvenWhenIntegral() {
    JsonNode node = JsonNodeFactory.instance.numberNode(1.0d);
    assertThatThrownBy(() -> CanonicalJson.canonicalize(node))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("integers only");
  }
}
