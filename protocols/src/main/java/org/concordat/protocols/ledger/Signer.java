package org.concordat.protocols.ledger;

/**
 * Port through which the core signs checkpoints and protocols: an Ed25519 key held outside the core
 * (implemented with Bouncy Castle in the adapters). The private key never crosses this port.
 */
public interface Signer {

  /** The key name used in signed notes, e.g. {@code concordat.example/ledger}. */
  String keyName();

  /** The raw 32-byte Ed25519 public key. */
  byte[] publicKey();

  /** The 64-byte Ed25519 signature of {@code message}. */
  byte[] sign(byte[] message);
}
