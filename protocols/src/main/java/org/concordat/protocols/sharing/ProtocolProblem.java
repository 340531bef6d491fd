package org.concordat.protocols.sharing;

import java.util.Objects;

/**
 * One thing wrong with a protocol file, where it is and a plain sentence saying what to fix. Lines
 * and columns count from 1, as editors show them.
 */
public record ProtocolProblem(String file, int line, int column, String message) {
  public ProtocolProblem {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(message, "message");
    if (line < 1 || column < 1) {
      throw new IllegalArgumentException("Lines and columns count from 1");
    }
  }

  /** Compiler style, so editors and CI logs can link to it: {@code protocol.yaml:12:7: ...}. */
  @Override
  public String toString() {
    return file + ":" + line + ":" + column + ": " + message;
  }
}
