package org.concordat.adapters.transport.file;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import org.concordat.protocols.canonical.Sha256;

/**
 * The names under which a dropped file is kept: in {@code quarantine/} (with its {@code
 * .reason.txt}), under {@code in/.accepted/<date>/}, and for the answer in {@code out/}. A kept
 * name is never reused, so nothing overwrites anything: it is the time received, a random token and
 * the partner's name, shortened (with a hash of the whole name) when the name is so long that
 * {@code .reason.txt} would not fit a file system's 255 bytes.
 */
public final class DropFileNames {
  /** Longest part of the partner's name kept, in UTF-8 bytes. */
  static final int MAX_KEPT_BYTES = 150;

  private static final DateTimeFormatter STAMP =
      DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'", Locale.ROOT).withZone(ZoneOffset.UTC);

  private DropFileNames() {}

  /**
   * The unique name to keep a dropped file under.
   *
   * @param token a random token, e.g. eight hex digits of a UUID
   */
  public static String kept(String name, Instant received, String token) {
    return STAMP.format(received) + "-" + token + "-" + shortened(safe(name));
  }

  /** The name of the answer to a file kept as {@code kept}: its stem and {@code .denied.json}. */
  public static String answer(String kept) {
    int dot = kept.lastIndexOf('.');
    String stem = dot > kept.indexOf('-', kept.indexOf('-') + 1) ? kept.substring(0, dot) : kept;
    return stem + ".denied.json";
  }

  /**
   * The name with every control character, path separator and backslash replaced, and nothing else
   * changed: safe to use as a file name and in a log line.
   */
  static String safe(String name) {
    StringBuilder out = new StringBuilder(name.length());
    name.codePoints()
        .forEach(
            c -> {
              if (Character.isISOControl(c)
                  || c == '/'
                  || c == '\\'
                  || c == 0x2028
                  || c == 0x2029) {
                out.append('_');
              } else {
                out.appendCodePoint(c);
              }
            });
    return out.toString();
  }

  /** The name itself when short enough, else its start, a hash of all of it and its extension. */
  static String shortened(String name) {
    if (name.getBytes(StandardCharsets.UTF_8).length <= MAX_KEPT_BYTES) {
      return name;
    }
    int dot = name.lastIndexOf('.');
    String extension = dot > 0 && name.length() - dot <= 10 ? name.substring(dot) : "";
    String hash = Sha256.hexOf(name.getBytes(StandardCharsets.UTF_8)).substring(0, 16);
    int budget = MAX_KEPT_BYTES - extension.length() - hash.length() - 1;
    StringBuilder start = new StringBuilder();
    int bytes = 0;
    for (int i = 0; i < name.length(); ) {
      int c = name.codePointAt(i);
      int size = new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8).length;
      if (bytes + size > budget) {
        break;
      }
      start.appendCodePoint(c);
      bytes += size;
      i += Character.charCount(c);
    }
    return start + "~" + hash + extension;
  }
}
