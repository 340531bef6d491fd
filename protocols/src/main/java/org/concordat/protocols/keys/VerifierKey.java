package org.concordat.protocols.keys;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import org.concordat.protocols.canonical.Sha256;

/**
 * An Ed25519 public key in the C2SP signed-note verifier key text form {@code <name>+<8 hex digits
 * of key id>+<base64(0x01 ‖ 32-byte key)>} (c2sp.org/signed-note). The key id is derived from the
 * name and key, so a text whose id does not match is refused: a typo in either half cannot go
 * unnoticed.
 *
 * @param text the verifier key exactly as written
 */
public record VerifierKey(String text) {
  /** The signature type byte for Ed25519 in signed notes. */
  public static final byte ED25519 = 0x01;

  /** The size of a raw Ed25519 public key. */
  public static final int PUBLIC_KEY_SIZE = 32;

  /**
   * @throws IllegalArgumentException saying plainly what is wrong if {@code text} is not a verifier
   *     key
   */
  public VerifierKey {
    Objects.requireNonNull(text, "text");
    check(text);
  }

  /** Parses {@code text}, saying plainly what is wrong if it is not a verifier key. */
  public static VerifierKey parse(String text) {
    return new VerifierKey(text);
  }

  private static void check(String text) {
    String[] parts = text.split("\\+", 3);
    if (parts.length != 3) {
      throw new IllegalArgumentException("A verifier key is <name>+<key id>+<base64 key>");
    }
    requireKeyName(parts[0]);
    if (!parts[1].matches("[0-9a-f]{8}")) {
      throw new IllegalArgumentException("The key id of a verifier key is 8 lower-case hex digits");
    }
    byte[] typed;
    try {
      typed = Base64.getDecoder().decode(parts[2]);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("The key of a verifier key is not base64", e);
    }
    if (typed.length != 1 + PUBLIC_KEY_SIZE || typed[0] != ED25519) {
      throw new IllegalArgumentException(
          "The key of a verifier key is the type byte 0x01 and a 32-byte Ed25519 public key");
    }
    byte[] key = Arrays.copyOfRange(typed, 1, typed.length);
    String expected = HexFormat.of().toHexDigits(keyId(parts[0], key));
    if (!expected.equals(parts[1])) {
      throw new IllegalArgumentException(
          "The key id "
              + parts[1]
              + " does not match the name and key (it should be "
              + expected
              + "); the name or the key was changed");
    }
  }

  /** The verifier key of {@code publicKey} under {@code keyName}. */
  public static VerifierKey of(String keyName, byte[] publicKey) {
    return new VerifierKey(format(keyName, publicKey));
  }

  /** The key name, e.g. {@code rxa.northmoor.example/protocol-2026}. */
  public String name() {
    return text.substring(0, text.indexOf('+'));
  }

  /** The C2SP key id. */
  public int keyId() {
    int first = text.indexOf('+');
    return HexFormat.fromHexDigits(text, first + 1, text.indexOf('+', first + 1));
  }

  /** A copy of the raw 32-byte Ed25519 public key. */
  public byte[] publicKey() {
    // The name has no plus sign and the id is hex, so the key starts after the second one (base64
    // itself may contain plus signs).
    int second = text.indexOf('+', text.indexOf('+') + 1);
    byte[] typed = Base64.getDecoder().decode(text.substring(second + 1));
    return Arrays.copyOfRange(typed, 1, typed.length);
  }

  /** Whether this is the key {@code publicKey} (the name aside). */
  public boolean hasPublicKey(byte[] publicKey) {
    return MessageDigest.isEqual(publicKey(), publicKey);
  }

  /** The C2SP key id: the first 4 bytes, big-endian, of SHA-256(name ‖ 0x0A ‖ 0x01 ‖ key). */
  public static int keyId(String keyName, byte[] publicKey) {
    requireKeyName(keyName);
    requirePublicKey(publicKey);
    MessageDigest sha256 = Sha256.newDigest();
    sha256.update(keyName.getBytes(StandardCharsets.UTF_8));
    sha256.update((byte) '\n');
    sha256.update(ED25519);
    sha256.update(publicKey);
    return ByteBuffer.wrap(sha256.digest()).getInt();
  }

  /** The verifier key text {@code <name>+<8 hex digits of key id>+<base64(0x01 ‖ key)>}. */
  public static String format(String keyName, byte[] publicKey) {
    int id = keyId(keyName, publicKey);
    byte[] typed = new byte[1 + PUBLIC_KEY_SIZE];
    typed[0] = ED25519;
    System.arraycopy(publicKey, 0, typed, 1, PUBLIC_KEY_SIZE);
    return keyName
        + "+"
        + HexFormat.of().toHexDigits(id)
        + "+"
        + Base64.getEncoder().encodeToString(typed);
  }

  /** A key name is non-empty and has no spaces, plus signs or control characters. */
  public static void requireKeyName(String keyName) {
    Objects.requireNonNull(keyName, "keyName");
    if (keyName.isEmpty()) {
      throw new IllegalArgumentException("A key name is not empty");
    }
    for (int i = 0; i < keyName.length(); i++) {
      char c = keyName.charAt(i);
      if (c == '+' || Character.isWhitespace(c) || Character.isSpaceChar(c) || c < 0x20) {
        throw new IllegalArgumentException(
            "A key name has no spaces or plus signs: '" + keyName + "'");
      }
    }
  }

  /** An Ed25519 public key is 32 bytes. */
  public static void requirePublicKey(byte[] publicKey) {
    Objects.requireNonNull(publicKey, "publicKey");
    if (publicKey.length != PUBLIC_KEY_SIZE) {
      throw new IllegalArgumentException(
          "An Ed25519 public key is 32 bytes, not " + publicKey.length);
    }
  }

  @Override
  public String toString() {
    return text;
  }
}
