package org.concordat.adapters.transport.file;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.concordat.adapters.logging.LogSafe;
import org.jspecify.annotations.Nullable;

/**
 * Quarantines what the file-drop route never picks up, so that nothing put into a partner's {@code
 * in/} folder is silently ignored: a directory (or a link to one), a link to nothing, and an
 * in-progress file left behind. The route takes every other entry and refuses, unread, what it
 * cannot process ({@link DroppedFileInspector}).
 *
 * <p>In-progress files are the safe way to write into the folder: write under a name that starts
 * with {@code .} or ends in {@code .part} or {@code .tmp}, then rename it. The route leaves such a
 * name alone; one left unchanged for longer than {@code abandonedAfter} was never finished, and is
 * quarantined with that reason. Entries are moved, never read or followed. Thread-safe.
 */
public final class DropFolderTriage {
  /** The folder under {@code in/} where the route keeps processed files. */
  public static final String ACCEPTED = ".accepted";

  private static final Set<PosixFilePermission> OWNER_ONLY_FILE =
      PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> OWNER_ONLY_FOLDER =
      PosixFilePermissions.fromString("rwx------");

  private final Duration abandonedAfter;
  private final Clock clock;
  private final Supplier<UUID> ids;

  public DropFolderTriage(Duration abandonedAfter, Clock clock, Supplier<UUID> ids) {
    this.abandonedAfter = abandonedAfter;
    this.clock = clock;
    this.ids = ids;
  }

  /** Whether a name marks a file still being written: {@code .name}, {@code name.part|.tmp}. */
  public static boolean inProgress(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    return name.startsWith(".") || lower.endsWith(".part") || lower.endsWith(".tmp");
  }

  /**
   * Looks at each entry of {@code <partnerDir>/in} once.
   *
   * @return the names (escaped for a log line) of the entries quarantined
   */
  public List<String> triage(Path partnerDir) {
    Path in = partnerDir.resolve("in");
    Path quarantine = partnerDir.resolve("quarantine");
    List<String> moved = new ArrayList<>();
    if (!Files.isDirectory(in, LinkOption.NOFOLLOW_LINKS)) {
      return moved;
    }
    Instant now = clock.instant();
    try (DirectoryStream<Path> entries = Files.newDirectoryStream(in)) {
      for (Path entry : entries) {
        String name = entry.getFileName().toString();
        BasicFileAttributes attributes;
        try {
          attributes =
              Files.readAttributes(entry, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (NoSuchFileException gone) {
          continue;
        }
        if (name.equals(ACCEPTED) && attributes.isDirectory()) {
          ownerOnlyFolders(entry);
          continue;
        }
        String reason = reasonToQuarantine(entry, name, attributes, now);
        if (reason != null && quarantine(entry, quarantine, name, reason, now)) {
          moved.add(LogSafe.field(name));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot look into the file-drop folder " + in, e);
    }
    return moved;
  }

  private @Nullable String reasonToQuarantine(
      Path entry, String name, BasicFileAttributes attributes, Instant now) {
    String shown = LogSafe.field(name);
    if (inProgress(name)) {
      Instant changed = attributes.lastModifiedTime().toInstant();
      if (changed.plus(abandonedAfter).isBefore(now)) {
        return "Rejected "
            + shown
            + ": its name marks a file still being written (it starts with '.' or ends in .part"
            + " or .tmp), but it has not changed for more than "
            + abandonedAfter.toMinutes()
            + " minute(s). Write a file under such a name, then rename it to its final name";
      }
      return null;
    }
    if (attributes.isDirectory()) {
      return "Rejected " + shown + ": it is a directory; only files are taken from this folder";
    }
    if (attributes.isSymbolicLink() && Files.isDirectory(entry)) {
      return "Rejected "
          + shown
          + ": it is a symbolic link to a directory. Links are never followed or read";
    }
    if (attributes.isSymbolicLink() && !Files.exists(entry)) {
      return "Rejected "
          + shown
          + ": it is a symbolic link to nothing. Links are never followed or read: put the file"
          + " itself in the folder";
    }
    // Everything else is the route's to refuse or process.
    return null;
  }

  /**
   * Moves the entry itself (a link stays a link, a directory keeps its content) to the quarantine
   * folder under a name never used before, with the reason beside it.
   *
   * @return false if the entry went away meanwhile
   */
  private boolean quarantine(Path entry, Path quarantine, String name, String reason, Instant now) {
    try {
      Files.createDirectories(quarantine);
      String kept = DropFileNames.kept(name, now, ids.get().toString().substring(0, 8));
      // Written whole under a temporary name, then renamed, so no one reads half a reason.
      Path writing = quarantine.resolve(".writing-" + kept + ".reason.txt");
      Files.write(
          writing,
          (reason + "\n").getBytes(StandardCharsets.UTF_8),
          StandardOpenOption.CREATE_NEW,
          StandardOpenOption.WRITE);
      ownerOnly(writing, OWNER_ONLY_FILE);
      Files.move(entry, quarantine.resolve(kept));
      Files.move(
          writing,
          quarantine.resolve(kept + ".reason.txt"),
          java.nio.file.StandardCopyOption.ATOMIC_MOVE);
      return true;
    } catch (NoSuchFileException | FileAlreadyExistsException gone) {
      return false;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot quarantine an entry of " + entry.getParent(), e);
    }
  }

  /** {@code .accepted/} and its dated folders are the broker's: owner only. */
  private static void ownerOnlyFolders(Path accepted) throws IOException {
    ownerOnly(accepted, OWNER_ONLY_FOLDER);
    try (DirectoryStream<Path> dates = Files.newDirectoryStream(accepted)) {
      for (Path date : dates) {
        if (Files.isDirectory(date, LinkOption.NOFOLLOW_LINKS)) {
          ownerOnly(date, OWNER_ONLY_FOLDER);
        }
      }
    }
  }

  private static void ownerOnly(Path path, Set<PosixFilePermission> permissions) {
    try {
      Files.setPosixFilePermissions(path, permissions);
    } catch (IOException | UnsupportedOperationException e) {
      // Best effort: a file system without POSIX permissions keeps its own.
    }
  }
}
