package org.concordat.adapters.transport.file;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Supplier;
import org.apache.camel.Exchange;
import org.concordat.adapters.logging.LogSafe;
import org.jspecify.annotations.Nullable;

/**
 * The first step of the file-drop inbound route, before anything reads the file: it names the file
 * for keeping ({@link DropFileNames}) and decides whether the route may read it at all. Only a
 * regular file of its own is read — never a symbolic link (whatever it points to: a message
 * elsewhere, a key, {@code /dev/zero}), a file with other hard links, a directory, a device or a
 * pipe — and only one that is not empty, within the size limit and of a format the folder takes
 * ({@code .json} or {@code .xml} for FHIR, {@code .hl7} for HL7 v2, in any case). Anything else is
 * refused with a {@link FileRejectedException} naming why, and the route moves it, unread, to
 * {@code quarantine/}. Thread-safe.
 */
public final class DroppedFileInspector {
  /** How many names the file has (1 for a file of its own); 1 where the file system cannot say. */
  private static int hardLinks(Path file) {
    try {
      return ((Number) Files.getAttribute(file, "unix:nlink", LinkOption.NOFOLLOW_LINKS))
          .intValue();
    } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
      return 1;
    }
  }

  /** The formats a file can be read as, by its extension. */
  public enum Format {
    FHIR,
    HL7V2
  }

  private final long maxBytes;
  private final Clock clock;
  private final Supplier<UUID> ids;

  public DroppedFileInspector(long maxBytes, Clock clock, Supplier<UUID> ids) {
    this.maxBytes = maxBytes;
    this.clock = clock;
    this.ids = ids;
  }

  /**
   * Sets the headers {@link FileDropHeaders#KEPT_NAME}, {@link FileDropHeaders#ANSWER_NAME}, {@link
   * FileDropHeaders#LOG_NAME} and {@link FileDropHeaders#FORMAT}.
   *
   * @throws FileRejectedException if the file must not be read; the headers are set all the same
   */
  public void inspect(Exchange exchange) {
    String name = exchange.getIn().getHeader(Exchange.FILE_NAME_ONLY, String.class);
    // The file component's header (FileConstants.FILE_ABSOLUTE_PATH); camel-file is not needed
    // here for it.
    String path = exchange.getIn().getHeader("CamelFileAbsolutePath", String.class);
    String kept = DropFileNames.kept(name, clock.instant(), token());
    exchange.getIn().setHeader(FileDropHeaders.KEPT_NAME, kept);
    exchange.getIn().setHeader(FileDropHeaders.ANSWER_NAME, DropFileNames.answer(kept));
    String shown = LogSafe.field(name);
    exchange.getIn().setHeader(FileDropHeaders.LOG_NAME, shown);
    exchange.getIn().setHeader(FileDropHeaders.FORMAT, check(Path.of(path), name, shown).name());
  }

  /** What the file may be read as; refuses it, without reading it, if it may not be read. */
  Format check(Path file, String name, String shown) {
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(file, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException e) {
      throw new FileRejectedException(
          "Rejected "
              + shown
              + ": it could not be examined ("
              + e.getClass().getSimpleName()
              + ")");
    }
    if (attributes.isSymbolicLink()) {
      throw new FileRejectedException(
          "Rejected "
              + shown
              + ": it is a symbolic link. Links are never followed or read: put the file itself in"
              + " the folder");
    }
    if (!attributes.isRegularFile()) {
      throw new FileRejectedException(
          "Rejected "
              + shown
              + ": it is not a regular file (a directory, device or pipe), so it was not read");
    }
    int links = hardLinks(file);
    if (links > 1) {
      throw new FileRejectedException(
          "Rejected "
              + shown
              + ": the file has "
              + links
              + " hard links, so it is also elsewhere; it was not read. Put a file of its own in"
              + " the folder");
    }
    if (attributes.size() == 0) {
      throw new FileRejectedException("Rejected " + shown + ": it is an empty file (0 bytes)");
    }
    if (attributes.size() > maxBytes) {
      throw new FileRejectedException(
          "Rejected "
              + shown
              + ": the file is "
              + attributes.size()
              + " bytes, over the limit of "
              + maxBytes
              + " bytes");
    }
    Format format = formatOf(name);
    if (format == null) {
      throw new FileRejectedException(
          "Rejected "
              + shown
              + ": this folder takes FHIR messages (.json, .xml) and HL7 v2 messages (.hl7);"
              + " the file's name does not end in one of these");
    }
    ownerOnly(file);
    return format;
  }

  /**
   * The format a name's extension stands for, in any case; null for any other name. The one rule
   * for what a dropped file holds, also used to read {@code mapping test} samples.
   */
  public static @Nullable Format formatOf(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.endsWith(".json") || lower.endsWith(".xml")) {
      return Format.FHIR;
    }
    return lower.endsWith(".hl7") ? Format.HL7V2 : null;
  }

  /**
   * The file holds personal data: readable by the broker's user only from now on, and so wherever
   * it is kept ({@code .accepted/} or {@code quarantine/}). Best effort: a file system without
   * POSIX permissions keeps its own.
   */
  private static void ownerOnly(Path file) {
    try {
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
    } catch (IOException | UnsupportedOperationException e) {
      // The folder's own permissions still apply.
    }
  }

  private String token() {
    return ids.get().toString().substring(0, 8);
  }
}
