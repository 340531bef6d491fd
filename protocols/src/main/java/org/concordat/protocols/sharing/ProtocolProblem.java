package org.concordat.protocols.sharing;

import java.util.Objects;

/**
 * One thing wrong with a protocol file, where it is and a plain sentence saying what to fix. Lines
 * and columns count from 1, as editors show them. An {@link Severity#ERROR} stops the protocol from
 * being used; a {@link Severity#WARNING} is for the reviewer's attention.
 */
public record ProtocolProblem(
    String file, int line, int column, Severity severity, String message) {

  /** How serious a problem is. */
  public enum Severity {
    ERROR,
    WARNING
  }

  public ProtocolProblem {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(message, "message");
    if (line < 1 || column < 1) {
      throw new IllegalArgumentException("Lines and columns count from 1");
    }
  }

  /** An error. */
  public ProtocolProblem(String file, int line, int column, String message) {
    this(file, line, column, Severity.ERROR, message);
  }

  public boolean isError() {
    return severity == Severity.ERROR;
  }

  /**
   * Compiler style, so editors and CI logs can link to it: {@code protocol.yaml:12:7: ...} for an
   * error, {@code protocol.yaml:5:14: warning: ...} for a warning.
   */
  @Override
  public String toString() {
    return file
        + ":"
        + line
        + ":"
        + column
        + ": "
        + (severity == Severity.WARNING ? "warning: " : "")
        + message;
  }
}
