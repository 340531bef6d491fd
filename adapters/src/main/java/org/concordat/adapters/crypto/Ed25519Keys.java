package org.concordat.adapters.crypto;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.Ed25519PrivateKeyParameters;
import org.bouncycastle.crypto.params.Ed25519PublicKeyParameters;
import org.bouncycastle.crypto.util.PrivateKeyFactory;
import org.bouncycastle.crypto.util.PrivateKeyInfoFactory;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.bouncycastle.crypto.util.SubjectPublicKeyInfoFactory;
import org.bouncycastle.openssl.MiscPEMGenerator;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.util.io.pem.PemWriter;
import org.jspecify.annotations.Nullable;

/**
 * Ed25519 key files: the private key as PKCS#8 PEM ({@code PRIVATE KEY}, mode 600 where the file
 * system has POSIX modes) and the public key as SubjectPublicKeyInfo PEM ({@code PUBLIC KEY}), the
 * forms OpenSSL reads and writes.
 *
 * <p>{@link #loadOrGenerate} is how the broker gets development keys on first start. Production
 * keys come from keystores; this is not meant for several nodes starting at once on a shared
 * folder.
 */
public final class Ed25519Keys {
  static final String PRIVATE_KEY_SUFFIX = ".key.pem";
  static final String PUBLIC_KEY_SUFFIX = ".pub.pem";

  private Ed25519Keys() {}

  /**
   * The key pair named {@code keyName} in {@code dir}: loaded from {@code <stem>.key.pem} if it
   * exists, else generated from {@code random} and written with its {@code <stem>.pub.pem}. The
   * stem is {@link #fileStem(String) keyName made safe as a file name}. A missing public key file
   * is written again from the private key; a public key file that does not match is an error.
   *
   * @throws IOException if the folder or files cannot be read or written
   * @throws KeyMaterialException if a file exists but is not the expected key
   */
  public static Ed25519KeyPair loadOrGenerate(Path dir, String keyName, SecureRandom random)
      throws IOException {
    Path privateFile = privateKeyFile(dir, keyName);
    Path publicFile = publicKeyFile(dir, keyName);
    Ed25519KeyPair pair;
    if (Files.exists(privateFile)) {
      pair = readPrivateKey(privateFile);
    } else {
      if (Files.exists(publicFile)) {
        throw new KeyMaterialException(
            "The public key "
                + publicFile
                + " exists without its private key "
                + privateFile
                + "; remove it or restore the private key");
      }
      pair = Ed25519KeyPair.generate(random);
      writePrivateKey(privateFile, pair);
    }
    if (Files.exists(publicFile)) {
      if (!Arrays.equals(readPublicKey(publicFile), pair.publicKey())) {
        throw new KeyMaterialException(
            "The public key " + publicFile + " does not match the private key " + privateFile);
      }
    } else {
      writePublicKey(publicFile, pair.publicKey());
    }
    return pair;
  }

  /**
   * {@code keyName} as a file name: every character other than a letter, digit, dot, hyphen or
   * underscore becomes an underscore, and a leading dot too (so {@code concordat.example/ledger}
   * becomes {@code concordat.example_ledger}). Different names can share a stem; choose key names
   * that do not.
   */
  public static String fileStem(String keyName) {
    if (keyName.isBlank()) {
      throw new IllegalArgumentException("A key needs a name");
    }
    String stem = keyName.strip().replaceAll("[^A-Za-z0-9._-]", "_");
    return stem.startsWith(".") ? "_" + stem.substring(1) : stem;
  }

  /** {@code <dir>/<stem>.key.pem}. */
  public static Path privateKeyFile(Path dir, String keyName) {
    return dir.resolve(fileStem(keyName) + PRIVATE_KEY_SUFFIX);
  }

  /** {@code <dir>/<stem>.pub.pem}. */
  public static Path publicKeyFile(Path dir, String keyName) {
    return dir.resolve(fileStem(keyName) + PUBLIC_KEY_SUFFIX);
  }

  /**
   * Writes the private key as a new PKCS#8 PEM file, mode 600 where supported.
   *
   * @throws java.nio.file.FileAlreadyExistsException if the file exists (keys are never replaced)
   */
  public static void writePrivateKey(Path file, Ed25519KeyPair pair) throws IOException {
    OwnerOnlyFiles.writeNew(file, privateKeyPem(pair), true);
  }

  /** Writes the raw 32-byte public key as a new SubjectPublicKeyInfo PEM file. */
  public static void writePublicKey(Path file, byte[] publicKey) throws IOException {
    OwnerOnlyFiles.writeNew(file, publicKeyPem(publicKey), false);
  }

  /** Reads a PKCS#8 PEM Ed25519 private key file. */
  public static Ed25519KeyPair readPrivateKey(Path file) throws IOException {
    return parsePrivateKeyPem(Files.readString(file, StandardCharsets.US_ASCII), file.toString());
  }

  /** Reads a SubjectPublicKeyInfo PEM Ed25519 public key file; returns the raw 32 bytes. */
  public static byte[] readPublicKey(Path file) throws IOException {
    return parsePublicKeyPem(Files.readString(file, StandardCharsets.US_ASCII), file.toString());
  }

  /** The public key as SubjectPublicKeyInfo PEM text, e.g. to publish for verifiers. */
  public static String publicKeyPem(byte[] publicKey) {
    // Validates the length and the point.
    byte[] raw = new BouncyCastleEd25519Verifier(publicKey).publicKey();
    try {
      SubjectPublicKeyInfo info =
          SubjectPublicKeyInfoFactory.createSubjectPublicKeyInfo(
              new Ed25519PublicKeyParameters(raw, 0));
      return pem(info);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Reads a public key from PEM text.
   *
   * @param source where the text came from, for the error message
   */
  public static byte[] parsePublicKeyPem(String pem, String source) {
    Object object = readPemObject(pem, source);
    if (!(object instanceof SubjectPublicKeyInfo info)) {
      throw new KeyMaterialException(source + " does not hold a PEM PUBLIC KEY");
    }
    AsymmetricKeyParameter key;
    try {
      key = PublicKeyFactory.createKey(info);
    } catch (IOException | RuntimeException e) {
      throw new KeyMaterialException(source + " holds a public key that cannot be read", e);
    }
    if (!(key instanceof Ed25519PublicKeyParameters ed25519)) {
      throw new KeyMaterialException(source + " holds a public key that is not Ed25519");
    }
    return ed25519.getEncoded();
  }

  /**
   * Reads a private key from PKCS#8 PEM text.
   *
   * @param source where the text came from, for the error message
   */
  public static Ed25519KeyPair parsePrivateKeyPem(String pem, String source) {
    Object object = readPemObject(pem, source);
    if (!(object instanceof PrivateKeyInfo info)) {
      throw new KeyMaterialException(source + " does not hold a PEM PRIVATE KEY (PKCS#8)");
    }
    AsymmetricKeyParameter key;
    try {
      key = PrivateKeyFactory.createKey(info);
    } catch (IOException | RuntimeException e) {
      throw new KeyMaterialException(source + " holds a private key that cannot be read", e);
    }
    if (!(key instanceof Ed25519PrivateKeyParameters ed25519)) {
      throw new KeyMaterialException(source + " holds a private key that is not Ed25519");
    }
    return new Ed25519KeyPair(ed25519);
  }

  static String privateKeyPem(Ed25519KeyPair pair) {
    try {
      return pem(PrivateKeyInfoFactory.createPrivateKeyInfo(pair.privateKeyParameters()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String pem(Object object) throws IOException {
    StringWriter text = new StringWriter();
    try (PemWriter writer = new PemWriter(text)) {
      writer.writeObject(new MiscPEMGenerator(object));
    }
    return text.toString();
  }

  private static Object readPemObject(String pem, String source) {
    @Nullable Object object;
    try (PEMParser parser = new PEMParser(new StringReader(pem))) {
      object = parser.readObject();
    } catch (IOException | RuntimeException e) {
      // The cause's message may quote the file; it is about encoding, not the key bits.
      throw new KeyMaterialException(source + " is not a readable PEM file", e);
    }
    if (object == null) {
      throw new KeyMaterialException(source + " holds no PEM object");
    }
    return object;
  }
}
