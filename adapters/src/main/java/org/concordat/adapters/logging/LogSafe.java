package org.concordat.adapters.logging;

import org.jspecify.annotations.Nullable;

/**
 * The one way partner-controlled text (a file name, a username, a witness alert's detail) enters a
 * log line, and the one way an exception whose message might quote a request is logged.
 *
 * <p>{@link #field} makes the text a single, unambiguous log field: line breaks, tabs and every
 * other control character (C0, DEL, C1), the Unicode line and paragraph separators and the
 * bidirectional overrides are written as escapes ({@code \n}, {@code \u0000}...), a backslash as
 * {@code \\}, so a partner can neither forge a log line nor hide text; long text is cut.
 *
 * <p>{@link #withoutMessages} keeps an exception's classes and stack frames, which operators need,
 * and drops every message, which may quote the body of the request that caused it.
 */
public final class LogSafe {
  /** The most characters of one field written to a log line. */
  public static final int MAX_FIELD_CHARS = 200;

  private LogSafe() {}

  /** {@code text} escaped as one log field; {@code "(none)"} for null. */
  public static String field(@Nullable String text) {
    if (text == null) {
      return "(none)";
    }
    StringBuilder out = new StringBuilder(Math.min(text.length(), MAX_FIELD_CHARS) + 16);
    int shown = Math.min(text.length(), MAX_FIELD_CHARS);
    for (int i = 0; i < shown; i++) {
      char c = text.charAt(i);
      switch (c) {
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (needsEscape(c)) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    if (text.length() > shown) {
      out.append("...(").append(text.length() - shown).append(" more characters)");
    }
    return out.toString();
  }

  private static boolean needsEscape(char c) {
    return c < 0x20
        || (c >= 0x7f && c <= 0x9f)
        || c == '\u2028'
        || c == '\u2029'
        || (c >= '\u202a' && c <= '\u202e')
        || (c >= '\u2066' && c <= '\u2069')
        || c == '\u200e'
        || c == '\u200f';
  }

  /**
   * A copy of {@code error} and its causes with the same classes (named in the message) and stack
   * frames and no messages, to log an unexpected failure without what it may quote.
   */
  public static Throwable withoutMessages(Throwable error) {
    return scrub(error, 0);
  }

  private static Scrubbed scrub(Throwable error, int depth) {
    Throwable cause = error.getCause();
    Scrubbed copy =
        new Scrubbed(
            error.getClass().getName() + " (message withheld)",
            cause != null && cause != error && depth < 16 ? scrub(cause, depth + 1) : null);
    copy.setStackTrace(error.getStackTrace());
    return copy;
  }

  /** An exception standing in for another, naming its class; never thrown. */
  static final class Scrubbed extends Exception {
    private static final long serialVersionUID = 1L;

    Scrubbed(String message, @Nullable Throwable cause) {
      super(message, cause, false, true);
    }
  }
}
