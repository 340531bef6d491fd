package org.concordat.protocols.ledger;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import org.concordat.protocols.canonical.Sha256;

/**
 * A witness's Ed25519 cosigning key as C2SP tlog-cosignature defines it: the key id is the first 4
 * bytes of SHA-256(name ‖ 0x0A ‖ 0x04 ‖ public key) (type 0x04, not the 0x01 of plain note
 * signatures, so a cosignature can never be mistaken for a log signature).
 */
public record CosignerKey(String keyName, SignatureVerifier verifier) {
  /** The signature type of Ed25519 cosignatures (cosignature/v1). */
  public static final byte TYPE = 0x04;

  public CosignerKey {
    SignedNote.requireKeyName(keyName);
    Objects.requireNonNull(verifier, "verifier");
    SignedNote.requirePublicKey(verifier.publicKey());
  }

  /** The cosignature key id of this key. */
  public int keyId() {
    return keyId(keyName, verifier.publicKey());
  }

  /** The vkey text {@code <name>+<8 hex digits of key id>+base64(0x04 ‖ public key)}. */
  public String verifierKey() {
    byte[] key = verifier.publicKey();
    byte[] typed = new byte[1 + key.length];
    typed[0] = TYPE;
    System.arraycopy(key, 0, typed, 1, key.length);
    return keyName
        + "+"
        + HexFormat.of().toHexDigits(keyId())
        + "+"
        + Base64.getEncoder().encodeToString(typed);
  }

  /** SHA-256(name ‖ 0x0A ‖ 0x04 ‖ key)[:4], big-endian. */
  public static int keyId(String keyName, byte[] publicKey) {
    SignedNote.requireKeyName(keyName);
    SignedNote.requirePublicKey(publicKey);
    MessageDigest sha256 = Sha256.newDigest();
    sha256.update(keyName.getBytes(StandardCharsets.UTF_8));
    sha256.update((byte) '\n');
    sha256.update(TYPE);
    sha256.update(publicKey);
    return ByteBuffer.wrap(sha256.digest()).getInt();
  }
}
