package org.concordat.protocols.ledger;

/**
 * Port that checks an Ed25519 signature against one public key; it throws rather than answer false.
 */
public interface SignatureVerifier {

  /** The raw 32-byte Ed25519 public key this verifier checks against. */
  byte[] publicKey();

  /**
   * @throws InvalidSignatureException if {@code signature} is not a valid signature of {@code
   *     message} by this key
   */
  void verify(byte[] message, byte[] signature) throws InvalidSignatureException;
}
