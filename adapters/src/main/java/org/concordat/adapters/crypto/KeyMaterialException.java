package org.concordat.adapters.crypto;

/**
 * A key or secret file whose content is not what it should be (not PEM, not Ed25519, wrong length,
 * a public key that does not match its private key). The message names the file, never the key.
 */
public final class KeyMaterialException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public KeyMaterialException(String message) {
    super(message);
  }

  public KeyMaterialException(String message, Throwable cause) {
    super(message, cause);
  }
}
