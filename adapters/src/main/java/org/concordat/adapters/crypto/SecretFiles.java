package org.concordat.adapters.crypto;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * Random secrets kept in files, such as the 32-byte key with which a partnership hashes subjects
 * for the ledger. The file holds the secret in base64 on one line and is readable by its owner only
 * (mode 600) where the file system has POSIX modes.
 */
public final class SecretFiles {
  private SecretFiles() {}

  /**
   * The secret in {@code file}, or, if there is no such file, {@code bytes} fresh bytes from {@code
   * random}, written there first.
   *
   * @throws KeyMaterialException if the file is not base64 or holds a secret of another length
   * @throws IOException if the file cannot be read or written
   */
  public static byte[] loadOrGenerate(Path file, int bytes, SecureRandom random)
      throws IOException {
    if (bytes < 16) {
      throw new IllegalArgumentException("A secret needs at least 16 bytes, not " + bytes);
    }
    if (Files.exists(file)) {
      return read(file, bytes);
    }
    byte[] secret = new byte[bytes];
    random.nextBytes(secret);
    OwnerOnlyFiles.writeNew(file, Base64.getEncoder().encodeToString(secret) + "\n", true);
    return secret;
  }

  private static byte[] read(Path file, int bytes) throws IOException {
    byte[] secret;
    try {
      secret =
          Base64.getDecoder().decode(Files.readString(file, StandardCharsets.US_ASCII).strip());
    } catch (IllegalArgumentException e) {
      throw new KeyMaterialException(file + " does not hold a base64 secret", e);
    }
    if (secret.length != bytes) {
      throw new KeyMaterialException(
          file + " holds a secret of " + secret.length + " bytes; " + bytes + " are expected");
    }
    return secret;
  }
}
