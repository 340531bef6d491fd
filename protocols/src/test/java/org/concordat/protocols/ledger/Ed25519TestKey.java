package org.concordat.protocols.ledger;

import org.concordat.protocols.sharing.TestSigningKey;

/**
 * A test Ed25519 key from a fixed seed, both signer and verifier, on the JDK's own Ed25519 (tests
 * only; the broker uses Bouncy Castle behind the same ports). It wraps {@link TestSigningKey}, the
 * one place tests do Ed25519.
 */
final class Ed25519TestKey implements Signer, SignatureVerifier {
  private final TestSigningKey key;

  private Ed25519TestKey(TestSigningKey key) {
    this.key = key;
  }

  /** The key whose RFC 8032 private key (seed) is {@code seed}. */
  static Ed25519TestKey fromSeed(String keyName, byte[] seed) {
    return new Ed25519TestKey(TestSigningKey.fromSeed(keyName, seed));
  }

  static Ed25519TestKey fromSeed(String keyName, int seedByte) {
    byte[] seed = new byte[32];
    java.util.Arrays.fill(seed, (byte) seedByte);
    return fromSeed(keyName, seed);
  }

  @Override
  public String keyName() {
    return key.keyName();
  }

  @Override
  public byte[] publicKey() {
    return key.publicKey();
  }

  @Override
  public byte[] sign(byte[] message) {
    return key.sign(message);
  }

  @Override
  public void verify(byte[] message, byte[] signature) throws InvalidSignatureException {
    verifier(key.publicKey()).verify(message, signature);
  }

  NoteVerifier noteVerifier() {
    return new NoteVerifier(key.keyName(), verifier(key.publicKey()));
  }

  /** A verifier for a raw 32-byte Ed25519 public key. */
  static SignatureVerifier verifier(byte[] rawPublicKey) {
    return TestSigningKey.verifier(rawPublicKey);
  }
}
