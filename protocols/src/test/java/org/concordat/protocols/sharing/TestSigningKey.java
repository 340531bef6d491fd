package org.concordat.protocols.sharing;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.EdECPublicKey;
import java.security.spec.EdECPoint;
import java.security.spec.EdECPublicKeySpec;
import java.security.spec.NamedParameterSpec;
import java.util.Arrays;
import org.concordat.protocols.keys.VerifierKey;
import org.concordat.protocols.ledger.InvalidSignatureException;
import org.concordat.protocols.ledger.SignatureVerifier;
import org.concordat.protocols.ledger.Signer;

/**
 * A deterministic Ed25519 key on the JDK's provider for protocol-signing tests (production keys
 * come from Bouncy Castle in the adapters).
 */
public final class TestSigningKey implements Signer {
  private final String keyName;
  private final PrivateKey privateKey;
  private final byte[] publicKey;

  private TestSigningKey(String keyName, PrivateKey privateKey, byte[] publicKey) {
    this.keyName = keyName;
    this.privateKey = privateKey;
    this.publicKey = publicKey;
  }

  /** The test key of a party: name {@code <ods>.test/protocol}, seed from the name and variant. */
  public static TestSigningKey of(String ods, int variant) {
    return CACHE.computeIfAbsent(ods + "/" + variant, k -> make(ods, variant));
  }

  private static final java.util.Map<String, TestSigningKey> CACHE =
      new java.util.concurrent.ConcurrentHashMap<>();

  private static TestSigningKey make(String ods, int variant) {
    byte[] seed = new byte[32];
    byte[] name = (ods + "/" + variant).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    System.arraycopy(name, 0, seed, 0, Math.min(name.length, 32));
    return fromSeed(ods.toLowerCase(java.util.Locale.ROOT) + ".test/protocol-" + variant, seed);
  }

  /** The key whose RFC 8032 private key (seed) is {@code seed}, with the JDK's Ed25519. */
  public static TestSigningKey fromSeed(String keyName, byte[] seed) {
    try {
      KeyPairGenerator generator = KeyPairGenerator.getInstance("Ed25519");
      // The JDK draws the 32-byte seed from the random source; handing it ours fixes the key.
      generator.initialize(NamedParameterSpec.ED25519, new FixedSeed(seed));
      KeyPair pair = generator.generateKeyPair();
      return new TestSigningKey(keyName, pair.getPrivate(), raw((EdECPublicKey) pair.getPublic()));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public static TestSigningKey of(String ods) {
    return of(ods, 1);
  }

  public VerifierKey verifierKey() {
    return VerifierKey.of(keyName, publicKey);
  }

  @Override
  public String keyName() {
    return keyName;
  }

  @Override
  public byte[] publicKey() {
    return publicKey.clone();
  }

  @Override
  public byte[] sign(byte[] message) {
    try {
      Signature ed25519 = Signature.getInstance("Ed25519");
      ed25519.initSign(privateKey);
      ed25519.update(message);
      return ed25519.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A JDK verifier for a raw 32-byte Ed25519 public key. */
  public static SignatureVerifier verifier(byte[] rawPublicKey) {
    byte[] key = rawPublicKey.clone();
    return new SignatureVerifier() {
      @Override
      public byte[] publicKey() {
        return key.clone();
      }

      @Override
      public void verify(byte[] message, byte[] signature) throws InvalidSignatureException {
        try {
          Signature ed25519 = Signature.getInstance("Ed25519");
          ed25519.initVerify(fromRaw(key));
          ed25519.update(message);
          if (!ed25519.verify(signature)) {
            throw new InvalidSignatureException("The Ed25519 signature does not verify");
          }
        } catch (java.security.SignatureException e) {
          throw new InvalidSignatureException("The Ed25519 signature is malformed", e);
        } catch (GeneralSecurityException e) {
          throw new IllegalStateException(e);
        }
      }
    };
  }

  private static byte[] raw(EdECPublicKey key) {
    EdECPoint point = key.getPoint();
    byte[] bigEndian = point.getY().toByteArray();
    byte[] out = new byte[32];
    for (int i = 0; i < bigEndian.length && i < 32; i++) {
      out[i] = bigEndian[bigEndian.length - 1 - i];
    }
    if (point.isXOdd()) {
      out[31] |= (byte) 0x80;
    }
    return out;
  }

  private static PublicKey fromRaw(byte[] raw) throws GeneralSecurityException {
    boolean xOdd = (raw[31] & 0x80) != 0;
    byte[] bigEndian = new byte[32];
    for (int i = 0; i < 32; i++) {
      bigEndian[i] = raw[31 - i];
    }
    bigEndian[0] &= 0x7f;
    EdECPoint point = new EdECPoint(xOdd, new BigInteger(1, bigEndian));
    return KeyFactory.getInstance("Ed25519")
        .generatePublic(new EdECPublicKeySpec(NamedParameterSpec.ED25519, point));
  }

  private static final class FixedSeed extends SecureRandom {
    private static final long serialVersionUID = 1L;
    private final byte[] seed;

    FixedSeed(byte[] seed) {
      this.seed = seed.clone();
    }

    @Override
    public void nextBytes(byte[] bytes) {
      System.arraycopy(seed, 0, bytes, 0, Math.min(seed.length, bytes.length));
      Arrays.fill(bytes, Math.min(seed.length, bytes.length), bytes.length, (byte) 0);
    }
  }

  @Override
  public String toString() {
    return "TestSigningKey[" + keyName + "]";
  }
}
