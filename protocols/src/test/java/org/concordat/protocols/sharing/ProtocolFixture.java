package org.concordat.protocols.sharing;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** The example partnership, read from a test copy of config/partnerships/example/protocol.yaml. */
public final class ProtocolFixture {
  private ProtocolFixture() {}

  public static String exampleYaml() {
    return resource("/vectors/protocol/example-partnership.yaml");
  }

  public static String exampleSignaturesJson() {
    return resource("/vectors/protocol/example-partnership.signatures.json");
  }

  static String resource(String name) {
    try (InputStream in =
        Objects.requireNonNull(ProtocolFixture.class.getResourceAsStream(name), name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Protocol examplePartnership() {
    return ProtocolReader.read("protocol.yaml", exampleYaml());
  }
}
