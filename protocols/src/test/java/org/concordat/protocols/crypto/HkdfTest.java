package org.concordat.protocols.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** HKDF-SHA-256 against RFC 5869's test vectors (vectors/hkdf, see SOURCE.md there). */
class HkdfTest {
  private static final HexFormat HEX = HexFormat.of();

  static Stream<Named<JsonNode>> vectors() throws IOException {
    List<Named<JsonNode>> vectors = new ArrayList<>();
    try (InputStream in = HkdfTest.class.getResourceAsStream("/vectors/hkdf/rfc5869.json")) {
      for (JsonNode vector : new ObjectMapper().readTree(in)) {
        vectors.add(Named.of(vector.get("desc").asText(), vector));
      }
    }
    assertThat(vectors).hasSize(5);
    return vectors.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("vectors")
  void derivesWhatTheRfcSays(JsonNode vector) {
    byte[] ikm = HEX.parseHex(vector.get("ikm").asText());
    byte[] salt = HEX.parseHex(vector.get("salt").asText());
    byte[] info = HEX.parseHex(vector.get("info").asText());
    int length = vector.get("length").asInt();
    if (vector.get("wantErr").asBoolean()) {
      assertThatThrownBy(() -> Hkdf.derive(salt, ikm, info, length))
          .isInstanceOf(IllegalArgumentException.class);
      return;
    }
    byte[] prk = Hkdf.extract(salt, ikm);
    assertThat(HEX.formatHex(prk)).isEqualTo(vector.get("prk").asText());
    assertThat(HEX.formatHex(Hkdf.expand(prk, info, length))).isEqualTo(vector.get("okm").asText());
    assertThat(HEX.formatHex(Hkdf.derive(salt, ikm, info, length)))
        .isEqualTo(vector.get("okm").asText());
  }

  @Test
  void treatsAMissingSaltAsHashLengthZeroBytes() {
    byte[] ikm = new byte[22];
    assertThat(Hkdf.extract(null, ikm)).isEqualTo(Hkdf.extract(new byte[32], ikm));
  }

  @Test
  void refusesAPseudorandomKeyShorterThanTheHash() {
    assertThatThrownBy(() -> Hkdf.expand(new byte[31], new byte[0], 32))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
