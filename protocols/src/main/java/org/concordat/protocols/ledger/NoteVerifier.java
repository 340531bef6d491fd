package org.concordat.protocols.ledger;

import java.util.Objects;

/**
 * A trusted key for opening signed notes: the key name as it appears in signature lines and the
 * Ed25519 verifier for its public key. The key id is derived, so name and key cannot disagree.
 */
public record NoteVerifier(String keyName, SignatureVerifier verifier) {
  public NoteVerifier {
    SignedNote.requireKeyName(keyName);
    Objects.requireNonNull(verifier, "verifier");
    SignedNote.requirePublicKey(verifier.publicKey());
  }

  /** The C2SP key id: the first 4 bytes, big-endian, of SHA-256(name ‖ 0x0A ‖ 0x01 ‖ key). */
  public int keyId() {
    return SignedNote.keyId(keyName, verifier.publicKey());
  }

  /** This key in the verifier key text form {@code <name>+<hex id>+<base64(0x01 ‖ key)>}. */
  public String verifierKey() {
    return SignedNote.verifierKey(keyName, verifier.publicKey());
  }
}
