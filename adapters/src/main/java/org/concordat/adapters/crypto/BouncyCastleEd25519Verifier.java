package org.concordat.adapters.crypto;

import java.util.HexFormat;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.signers.Ed25519Signer;
import org.concordat.protocols.ledger.InvalidSignatureException;
import org.concordat.protocols.ledger.SignatureVerifier;

/**
 * The core's {@link SignatureVerifier} port for one raw Ed25519 public key, with Bouncy Castle (RFC
 * 8032 verification, which rejects non-canonical signatures). Thread-safe.
 */
public final class BouncyCastleEd25519Verifier implements SignatureVerifier {
  private static final int SIGNATURE_LENGTH = 64;

  private final byte[] publicKey;
  private final Ed25519PublicKeyParameters parameters;

  /**
   * @param publicKey the raw 32-byte public key
   * @throws KeyMaterialException if it is not 32 bytes or not a point on the curve
   */
  public BouncyCastleEd25519Verifier(byte[] publicKey) {
    if (publicKey.length != Ed25519KeyPair.KEY_LENGTH) {
      throw new KeyMaterialException(
          "An Ed25519 public key has "
              + Ed25519KeyPair.KEY_LENGTH
              + " bytes, not "
              + publicKey.length);
    }
    this.publicKey = publicKey.clone();
    try {
      this.parameters = new Ed25519PublicKeyParameters(this.publicKey, 0);
    } catch (IllegalArgumentException e) {
      throw new KeyMaterialException("The bytes are not an Ed25519 public key", e);
    }
  }

  @Override
  public byte[] publicKey() {
    return publicKey.clone();
  }

  @Override
  public void verify(byte[] message, byte[] signature) throws InvalidSignatureException {
    if (signature.length != SIGNATURE_LENGTH) {
      throw new InvalidSignatureException(
          "An Ed25519 signature has " + SIGNATURE_LENGTH + " bytes, not " + signature.length);
    }
    Ed25519Signer verifier = new Ed25519Signer();
    verifier.init(false, parameters);
    verifier.update(message, 0, message.length);
    if (!verifier.verifySignature(signature)) {
      throw new InvalidSignatureException(
          "The signature does not verify with public key " + HexFormat.of().formatHex(publicKey));
    }
  }

  @Override
  public String toString() {
    return "BouncyCastleEd25519Verifier[public=" + HexFormat.of().formatHex(publicKey) + "]";
  }
}
