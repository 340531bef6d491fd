package org.concordat.adapters.fhir;

import java.util.Locale;
import org.jspecify.annotations.Nullable;

/** The two FHIR encodings a notice can arrive in. */
public enum MessageFormat {
  JSON,
  XML;

  /**
   * The encoding of a message: from its content type when that names JSON or XML ({@code
   * application/fhir+json}, {@code application/json}, {@code application/fhir+xml}, {@code
   * application/xml}, {@code text/xml}, parameters ignored), else — when the content type is absent
   * or says nothing about the encoding ({@code application/octet-stream}, {@code text/plain}) — from
   * the first non-blank byte of the body, {@code {} or {@code <}.
   *
   * @throws InvalidMessageException of kind {@link IssueKind#UNSUPPORTED_MEDIA_TYPE} for any other
   *     content type, or when the body starts with neither
   */
  public static MessageFormat detect(@Nullable String contentType, byte[] body) {
    if (contentType != null && !contentType.isBlank()) {
      String mediaType = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
      switch (mediaType) {
        case "application/fhir+json", "application/json", "application/json+fhir" -> {
          return JSON;
        }
        case "application/fhir+xml", "application/xml", "text/xml", "application/xml+fhir" -> {
          return XML;
        }
        case "application/octet-stream", "text/plain" -> {
          // Transports such as file drops and MESH often say nothing useful: look at the body.
        }
        default ->
            throw new InvalidMessageException(
                IssueKind.UNSUPPORTED_MEDIA_TYPE,
                "The content type "
                    + mediaType
                    + " is not accepted; send application/fhir+json or application/fhir+xml");
      }
    }
    int i = startsWithUtf8ByteOrderMark(body) ? 3 : 0;
    while (i < body.length && isXmlWhitespace(body[i])) {
      i++;
    }
    if (i < body.length && body[i] == '{') {
      return JSON;
    }
    if (i < body.length && body[i] == '<') {
      return XML;
    }
    throw new InvalidMessageException(
        IssueKind.UNSUPPORTED_MEDIA_TYPE,
        "The message is neither FHIR JSON (starting with '{') nor FHIR XML (starting with '<')");
  }

  static boolean startsWithUtf8ByteOrderMark(byte[] body) {
    return body.length >= 3
        && (body[0] & 0xff) == 0xef
        && (body[1] & 0xff) == 0xbb
        && (body[2] & 0xff) == 0xbf;
  }

  private static boolean isXmlWhitespace(byte b) {
    return b == ' ' || b == '\t' || b == '\r' || b == '\n';
  }
}
