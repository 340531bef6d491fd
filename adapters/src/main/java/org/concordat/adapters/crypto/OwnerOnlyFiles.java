package org.concordat.adapters.crypto;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Objects;

/** Writes files readable by their owner only (mode 600) where the file system has POSIX modes. */
final class OwnerOnlyFiles {
  private OwnerOnlyFiles() {}

  /**
   * Writes {@code text} to {@code file} through a temporary file in the same folder, so a reader
   * never sees half a key and the mode is set before any secret byte is written.
   *
   * @throws FileAlreadyExistsException if {@code file} exists (keys are never overwritten)
   */
  static void writeNew(Path file, String text, boolean ownerOnly) throws IOException {
    Path absolute = file.toAbsolutePath();
    Path dir = Objects.requireNonNull(absolute.getParent(), "a key file has a folder");
    Files.createDirectories(dir);
    if (Files.exists(absolute)) {
      throw new FileAlreadyExistsException(absolute.toString());
    }
    boolean posix = dir.getFileSystem().supportedFileAttributeViews().contains("posix");
    Path temp =
        ownerOnly && posix
            ? Files.createTempFile(
                dir,
                ".tmp-",
                ".part",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
            : Files.createTempFile(dir, ".tmp-", ".part");
    try {
      Files.writeString(temp, text, StandardCharsets.US_ASCII);
      if (!ownerOnly && posix) {
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
      }
      try {
        Files.move(temp, absolute, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, absolute);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }
}
