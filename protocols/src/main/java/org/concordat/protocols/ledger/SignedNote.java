package org.concordat.protocols.ledger;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.concordat.protocols.keys.VerifierKey;

/**
 * C2SP signed notes (c2sp.org/signed-note) with Ed25519 signatures (type 0x01): the text, a blank
 * line, then one line per signature {@code — <key name> base64(key id ‖ signature)}.
 *
 * <p>Opening follows the spec: signatures by unknown keys (name and id not both matching a known
 * key) are ignored; a signature by a known key that fails rejects the whole note; and at least one
 * known key must have signed.
 */
public final class SignedNote {
  private static final String DASH = "\u2014 ";
  private static final int ED25519_SIGNATURE_SIZE = 64;

  /** More than the 16 the spec asks verifiers to accept, few enough to bound the work. */
  public static final int MAX_SIGNATURES = 100;

  private SignedNote() {}

  /**
   * The note: {@code body}, a blank line and one signature line per signer, in the given order.
   *
   * @param body the note text; one or more lines, each ending in a newline, no control characters
   */
  public static String sign(String body, List<Signer> signers) {
    requireText(body);
    Objects.requireNonNull(signers, "signers");
    if (signers.isEmpty()) {
      throw new IllegalArgumentException("A signed note has at least one signature");
    }
    byte[] message = body.getBytes(StandardCharsets.UTF_8);
    StringBuilder note = new StringBuilder(body).append('\n');
    for (Signer signer : signers) {
      String name = signer.keyName();
      requireKeyName(name);
      byte[] publicKey = signer.publicKey();
      requirePublicKey(publicKey);
      byte[] signature = signer.sign(message);
      if (signature.length != ED25519_SIGNATURE_SIZE) {
        throw new IllegalStateException(
            "The signer "
                + name
                + " returned "
                + signature.length
                + " bytes, not an Ed25519 signature");
      }
      byte[] blob =
          ByteBuffer.allocate(4 + signature.length)
              .putInt(keyId(name, publicKey))
              .put(signature)
              .array();
      note.append(DASH)
          .append(name)
          .append(' ')
          .append(Base64.getEncoder().encodeToString(blob))
          .append('\n');
    }
    return note.toString();
  }

  /**
   * Verifies {@code note} against the trusted {@code verifiers}.
   *
   * @throws InvalidSignatureException if the note is malformed, a known key's signature fails, or
   *     no known key signed it
   */
  public static VerifiedNote open(String note, List<NoteVerifier> verifiers)
      throws InvalidSignatureException {
    Objects.requireNonNull(note, "note");
    Map<String, NoteVerifier> known = new HashMap<>();
    for (NoteVerifier verifier : verifiers) {
      NoteVerifier clash = known.put(lookupKey(verifier.keyName(), verifier.keyId()), verifier);
      if (clash != null) {
        throw new IllegalArgumentException(
            "Two verifiers share the key name " + verifier.keyName() + " and key id");
      }
    }
    if (!note.endsWith("\n")) {
      throw new InvalidSignatureException("Malformed note: it does not end with a newline");
    }
    for (int i = 0; i < note.length(); i++) {
      if (note.charAt(i) < 0x20 && note.charAt(i) != '\n') {
        throw new InvalidSignatureException("Malformed note: it contains a control character");
      }
    }
    NoteSignatureLines.Split split = NoteSignatureLines.split(note);
    String body = split.body();
    byte[] message = body.getBytes(StandardCharsets.UTF_8);
    List<String> verifiedBy = new ArrayList<>();
    for (NoteSignatureLines.Line line : split.lines()) {
      NoteVerifier verifier = known.get(lookupKey(line.keyName(), line.keyId()));
      if (verifier == null) {
        continue; // an unknown key: the spec says to ignore it (witnesses, rotated keys)
      }
      byte[] signature = line.signature();
      if (signature.length != ED25519_SIGNATURE_SIZE) {
        throw new InvalidSignatureException(
            "The signature by " + line.keyName() + " is not an Ed25519 signature");
      }
      try {
        verifier.verifier().verify(message, signature);
      } catch (InvalidSignatureException e) {
        throw new InvalidSignatureException(
            "The signature by " + line.keyName() + " does not verify", e);
      }
      if (!verifiedBy.contains(line.keyName())) {
        verifiedBy.add(line.keyName());
      }
    }
    if (verifiedBy.isEmpty()) {
      throw new InvalidSignatureException("No signature on the note is by a known key");
    }
    return new VerifiedNote(body, verifiedBy);
  }

  /**
   * Checks that {@code note} has the form of a signed note — text ending in a newline, without
   * control characters, a blank line, then at least one well-formed signature line — without
   * verifying any signature.
   *
   * @throws InvalidSignatureException saying what is malformed
   */
  public static void requireWellFormed(String note) throws InvalidSignatureException {
    Objects.requireNonNull(note, "note");
    if (!note.endsWith("\n")) {
      throw new InvalidSignatureException("Malformed note: it does not end with a newline");
    }
    for (int i = 0; i < note.length(); i++) {
      if (note.charAt(i) < 0x20 && note.charAt(i) != '\n') {
        throw new InvalidSignatureException("Malformed note: it contains a control character");
      }
    }
    NoteSignatureLines.split(note);
  }

  /** The C2SP key id: the first 4 bytes, big-endian, of SHA-256(name ‖ 0x0A ‖ 0x01 ‖ key). */
  public static int keyId(String keyName, byte[] publicKey) {
    return VerifierKey.keyId(keyName, publicKey);
  }

  /** The verifier key text {@code <name>+<8 hex digits of key id>+<base64(0x01 ‖ key)>}. */
  public static String verifierKey(String keyName, byte[] publicKey) {
    return VerifierKey.format(keyName, publicKey);
  }

  static void requireKeyName(String keyName) {
    VerifierKey.requireKeyName(keyName);
  }

  static void requirePublicKey(byte[] publicKey) {
    VerifierKey.requirePublicKey(publicKey);
  }

  private static void requireText(String body) {
    Objects.requireNonNull(body, "body");
    if (body.isEmpty() || !body.endsWith("\n")) {
      throw new IllegalArgumentException("A note text ends with a newline");
    }
    for (int i = 0; i < body.length(); i++) {
      if (body.charAt(i) < 0x20 && body.charAt(i) != '\n') {
        throw new IllegalArgumentException("A note text has no control characters but newlines");
      }
    }
  }

  private static String lookupKey(String keyName, int keyId) {
    return keyName + "+" + HexFormat.of().toHexDigits(keyId);
  }
}
