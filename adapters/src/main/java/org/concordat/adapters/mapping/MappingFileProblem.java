package org.concordat.adapters.mapping;

import java.util.Objects;

/** A problem in a mapping file, at the line and column (from 1) where it must be fixed. */
public record MappingFileProblem(String file, int line, int column, String message) {

  public MappingFileProblem {
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(message, "message");
  }

  /** {@code voluntary-referral-form.yaml:12:11: The field names code table 'support' ...}. */
  @Override
  public String toString() {
    return file + ":" + line + ":" + column + ": " + message;
  }
}
