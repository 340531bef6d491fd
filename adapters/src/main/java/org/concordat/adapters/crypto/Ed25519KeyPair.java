package org.concordat.adapters.crypto;

import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Objects;
import org.bouncycastle.crypto.AsymmetricCipherKeyPair;
import org.bouncycastle.crypto.generators.Ed25519KeyPairGenerator;
import org.bouncycastle.crypto.params.Ed25519KeyGenerationParameters;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;

/**
 * An Ed25519 private key with its public key. The private key never leaves this package except as a
 * PEM written by {@link Ed25519Keys}, and never appears in {@link #toString()}.
 */
public final class Ed25519KeyPair {
  /** Length in bytes of a raw Ed25519 private key (the RFC 8032 seed) and of a public key. */
  public static final int KEY_LENGTH = 32;

  private final Ed25519PrivateKeyParameters privateKey;
  private final Ed25519PublicKeyParameters publicKey;

  Ed25519KeyPair(Ed25519PrivateKeyParameters privateKey) {
    this.privateKey = Objects.requireNonNull(privateKey, "private key");
    this.publicKey = privateKey.generatePublicKey();
  }

  /** A fresh key pair drawn from {@code random}. */
  public static Ed25519KeyPair generate(SecureRandom random) {
    Ed25519KeyPairGenerator generator = new Ed25519KeyPairGenerator();
    generator.init(new Ed25519KeyGenerationParameters(random));
    AsymmetricCipherKeyPair pair = generator.generateKeyPair();
    return new Ed25519KeyPair((Ed25519PrivateKeyParameters) pair.getPrivate());
  }

  /**
   * The key pair whose private key is the raw 32-byte RFC 8032 secret {@code seed} (test vectors,
   * keys held elsewhere as raw bytes).
   */
  public static Ed25519KeyPair fromPrivateKey(byte[] seed) {
    if (seed.length != KEY_LENGTH) {
      throw new KeyMaterialException(
          "An Ed25519 private key has " + KEY_LENGTH + " bytes, not " + seed.length);
    }
    return new Ed25519KeyPair(new Ed25519PrivateKeyParameters(seed, 0));
  }

  /** The raw 32-byte public key, as the core's {@code Signer.publicKey()} carries it. */
  public byte[] publicKey() {
    return publicKey.getEncoded();
  }

  Ed25519PrivateKeyParameters privateKeyParameters() {
    return privateKey;
  }

  Ed25519PublicKeyParameters publicKeyParameters() {
    return publicKey;
  }

  @Override
  public String toString() {
    return "Ed25519KeyPair[public=" + HexFormat.of().formatHex(publicKey()) + "]";
  }
}
