package org.concordat.adapters.hl7v2;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * HL7 v2 text as received, made fit for a strict parser: decoded, MLLP framing bytes removed if a
 * file kept them, and every segment ended by CR. Files and many interface engines separate segments
 * with LF or CRLF (the NHS ITK samples use LF); the standard says CR.
 */
final class Hl7v2Text {
  private static final char START_BLOCK = 0x0b;
  private static final char END_BLOCK = 0x1c;
  private static final Pattern LINE_BREAKS = Pattern.compile("\r\n|\n|\r");
  private static final Pattern EMPTY_SEGMENTS = Pattern.compile("\r{2,}");

  private Hl7v2Text() {}

  /**
   * Decodes the bytes: ISO 8859-1 when MSH-18 says {@code 8859/1}, else UTF-8 (HL7's {@code UNICODE
   * UTF-8}, and ASCII), falling back to ISO 8859-1 for bytes that are not UTF-8.
   */
  static String decode(byte[] body) {
    // ISO 8859-1 maps every byte to a character, so MSH can be read before the charset is known.
    String latin1 = new String(body, StandardCharsets.ISO_8859_1);
    if (characterSet(latin1).startsWith("8859/1")) {
      return latin1;
    }
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(body))
          .toString();
    } catch (CharacterCodingException e) {
      return latin1;
    }
  }

  /** MSH-18 in upper case, or empty. */
  private static String characterSet(String text) {
    int end = text.indexOf('\r');
    int lf = text.indexOf('\n');
    if (end < 0 || (lf >= 0 && lf < end)) {
      end = lf;
    }
    String msh = stripFraming(end < 0 ? text : text.substring(0, end));
    if (!msh.startsWith("MSH") || msh.length() < 4) {
      return "";
    }
    String[] fields = msh.split(Pattern.quote(String.valueOf(msh.charAt(3))), -1);
    // fields[0] is "MSH", fields[1] MSH-2, so MSH-n is fields[n - 1].
    return fields.length > 17 ? fields[17].strip().toUpperCase(Locale.ROOT) : "";
  }

  /** The text with MLLP framing removed and segments ended by CR, without empty segments. */
  static String normalise(String text) {
    String segments = LINE_BREAKS.matcher(stripFraming(text).strip()).replaceAll("\r");
    return EMPTY_SEGMENTS.matcher(segments).replaceAll("\r") + "\r";
  }

  private static String stripFraming(String text) {
    int start = 0;
    int end = text.length();
    while (start < end
        && (text.charAt(start) == START_BLOCK || Character.isWhitespace(text.charAt(start)))) {
      start++;
    }
    while (end > start
        && (text.charAt(end - 1) == END_BLOCK || Character.isWhitespace(text.charAt(end - 1)))) {
      end--;
    }
    return text.substring(start, end);
  }

  static Charset charsetOf(String decoded) {
    return characterSet(decoded).startsWith("8859/1")
        ? StandardCharsets.ISO_8859_1
        : StandardCharsets.UTF_8;
  }
}
