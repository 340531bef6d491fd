package org.concordat.protocols.agreement;

import java.util.Base64;
import java.util.Objects;
import java.util.regex.Pattern;
import org.concordat.protocols.keys.VerifierKey;
import org.concordat.protocols.sharing.OdsCode;

/**
 * One party's signature of one protocol version: an Ed25519 signature over the protocol's RFC 8785
 * canonical bytes, by one of the party's declared signing keys.
 *
 * @param protocolSha256 the protocol hash the party says it signed (lower-case hex)
 * @param signature the standard base64 of the 64-byte Ed25519 signature
 */
public record ProtocolSignature(
    OdsCode party, VerifierKey key, String protocolSha256, String signature) {
  private static final Pattern HEX_SHA256 = Pattern.compile("[0-9a-f]{64}");

  public ProtocolSignature {
    Objects.requireNonNull(party, "party");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(protocolSha256, "protocolSha256");
    Objects.requireNonNull(signature, "signature");
    if (!HEX_SHA256.matcher(protocolSha256).matches()) {
      throw new IllegalArgumentException("A protocol hash is 64 lower-case hex digits");
    }
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(signature);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("A signature is standard base64", e);
    }
    if (bytes.length != 64) {
      throw new IllegalArgumentException("An Ed25519 signature is 64 bytes, not " + bytes.length);
    }
  }

  /** The raw 64-byte signature. */
  public byte[] signatureBytes() {
    return Base64.getDecoder().decode(signature);
  }
}
