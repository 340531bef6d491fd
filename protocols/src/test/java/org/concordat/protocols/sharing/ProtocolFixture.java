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
    try (InputStream in =
        Objects.requireNonNull(
            ProtocolFixture.class.getResourceAsStream(
                "/vectors/protocol/example-partnership.yaml"))) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static Protocol examplePartnership() {
    return ProtocolReader.read("protocol.yaml", exampleYaml());
  }
}
