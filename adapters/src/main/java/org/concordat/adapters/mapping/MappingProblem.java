package org.concordat.adapters.mapping;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A problem found while translating records. Record numbers count from 1 in the order the records
 * appear in the input (data rows of a CSV file, after its header); record 0 means the input as a
 * whole (too large, not UTF-8, not well-formed). An error fails its record alone; a warning is for
 * the integrator and fails nothing.
 *
 * <p>Messages are plain sentences that name the field and what is wrong but never quote the value,
 * which is personal data: they may be logged and shown to the sender.
 *
 * @param record the record number, from 1, or 0 for the whole input
 * @param field the mapping's field name, or null for the record or the input as a whole
 */
public record MappingProblem(
    int record, @Nullable String field, Severity severity, String message) {

  /** Whether the problem fails its record. */
  public enum Severity {
    ERROR,
    WARNING
  }

  public MappingProblem {
    if (record < 0) {
      throw new IllegalArgumentException("A record number is never negative: " + record);
    }
    Objects.requireNonNull(severity, "severity");
    Objects.requireNonNull(message, "message");
  }

  static MappingProblem error(int record, @Nullable String field, String message) {
    return new MappingProblem(record, field, Severity.ERROR, message);
  }

  static MappingProblem warning(int record, @Nullable String field, String message) {
    return new MappingProblem(record, field, Severity.WARNING, message);
  }

  public boolean isError() {
    return severity == Severity.ERROR;
  }

  /** {@code record 3, field nhsNumber: error: The NHS number fails its modulus 11 check digit}. */
  @Override
  public String toString() {
    return (record == 0 ? "input" : "record " + record)
        + (field == null ? "" : ", field " + field)
        + ": "
        + (isError() ? "error" : "warning")
        + ": "
        + message;
  }
}
