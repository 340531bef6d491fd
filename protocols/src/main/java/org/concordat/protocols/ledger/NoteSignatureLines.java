package org.concordat.protocols.ledger;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The signature lines of a signed note, read without verifying anything: which key names and ids
 * claim to have signed. Used to tell "no trusted key signed" from "a trusted key's signature is
 * bad", and to find cosignatures, which {@link SignedNote#open} ignores as unknown keys.
 */
final class NoteSignatureLines {
  static final String DASH = "\u2014 ";

  record Line(String keyName, int keyId, byte[] blob) {
    /** The signature bytes after the 4-byte key id. */
    byte[] signature() {
      return java.util.Arrays.copyOfRange(blob, 4, blob.length);
    }
  }

  record Split(String body, List<Line> lines) {}

  private NoteSignatureLines() {}

  /**
   * @throws InvalidSignatureException if the note is not body, blank line, signature lines
   */
  static Split split(String note) throws InvalidSignatureException {
    if (!note.endsWith("\n")) {
      throw new InvalidSignatureException("Malformed note: it does not end with a newline");
    }
    int at = note.lastIndexOf("\n\n");
    if (at < 0) {
      throw new InvalidSignatureException(
          "Malformed note: there is no blank line before the signatures");
    }
    String body = note.substring(0, at + 1);
    String block = note.substring(at + 2);
    if (block.isEmpty()) {
      throw new InvalidSignatureException("Malformed note: there are no signature lines");
    }
    List<Line> lines = new ArrayList<>();
    for (String line : block.substring(0, block.length() - 1).split("\n", -1)) {
      lines.add(line(line));
    }
    if (lines.size() > SignedNote.MAX_SIGNATURES) {
      throw new InvalidSignatureException(
          "Malformed note: more than " + SignedNote.MAX_SIGNATURES + " signatures");
    }
    return new Split(body, lines);
  }

  private static Line line(String line) throws InvalidSignatureException {
    if (!line.startsWith(DASH)) {
      throw new InvalidSignatureException(
          "Malformed note: a signature line starts with an em dash");
    }
    String rest = line.substring(DASH.length());
    int space = rest.indexOf(' ');
    if (space <= 0 || rest.indexOf(' ', space + 1) >= 0) {
      throw new InvalidSignatureException(
          "Malformed note: a signature line is '\u2014 <name> <signature>'");
    }
    String encoded = rest.substring(space + 1);
    byte[] blob;
    try {
      blob = Base64.getDecoder().decode(encoded);
    } catch (IllegalArgumentException e) {
      throw new InvalidSignatureException("Malformed note: a signature is not base64", e);
    }
    if (blob.length < 5 || !Base64.getEncoder().encodeToString(blob).equals(encoded)) {
      throw new InvalidSignatureException(
          "Malformed note: a signature is too short or not standard base64");
    }
    String name = rest.substring(0, space);
    if (name.indexOf('+') >= 0) {
      throw new InvalidSignatureException("Malformed note: a key name has no plus sign");
    }
    return new Line(name, ByteBuffer.wrap(blob).getInt(), blob);
  }
}
