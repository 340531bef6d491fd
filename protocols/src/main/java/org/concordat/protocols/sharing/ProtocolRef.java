package org.concordat.protocols.sharing;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Which exact protocol version a decision came from: id, version and SHA-256 of its canonical form.
 */
public record ProtocolRef(String id, String version, String sha256) {
  private static final Pattern HEX_SHA256 = Pattern.compile("[0-9a-f]{64}");

  public ProtocolRef {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(sha256, "sha256");
    if (!HEX_SHA256.matcher(sha256).matches()) {
      throw new IllegalArgumentException("A protocol hash is 64 lower-case hex digits");
    }
  }
}
