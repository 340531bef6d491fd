package org.concordat.adapters.crypto;

import java.util.HexFormat;
import java.util.Objects;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.concordat.protocols.ledger.Signer;

/**
 * The core's {@link Signer} port with a Bouncy Castle Ed25519 key held in memory. Thread-safe: each
 * signature uses its own Bouncy Castle signer, which buffers the message.
 */
public final class BouncyCastleEd25519Signer implements Signer {
  private final String keyName;
  private final Ed25519KeyPair keyPair;

  public BouncyCastleEd25519Signer(String keyName, Ed25519KeyPair keyPair) {
    Objects.requireNonNull(keyName, "key name");
    if (keyName.isBlank()) {
      throw new IllegalArgumentException("A signing key needs a name");
    }
    this.keyName = keyName;
    this.keyPair = Objects.requireNonNull(keyPair, "key pair");
  }

  @Override
  public String keyName() {
    return keyName;
  }

  @Override
  public byte[] publicKey() {
    return keyPair.publicKey();
  }

  @Override
  public byte[] sign(byte[] message) {
    Ed25519Signer signer = new Ed25519Signer();
    signer.init(true, keyPair.privateKeyParameters());
    signer.update(message, 0, message.length);
    return signer.generateSignature();
  }

  /** A verifier for this signer's public key. */
  public BouncyCastleEd25519Verifier verifier() {
    return new BouncyCastleEd25519Verifier(publicKey());
  }

  @Override
  public String toString() {
    return "BouncyCastleEd25519Signer[keyName="
        + keyName
        + ", public="
        + HexFormat.of().formatHex(publicKey())
        + "]";
  }
}
