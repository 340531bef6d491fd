package org.concordat.adapters.mapping;

import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * What a translation produced: one value for each record that translated, and every problem, each
 * with its record number and field. A record with an error has no value; the other records are
 * unaffected. A problem at record 0 concerns the input as a whole (it was refused before any record
 * was read, or a column is missing for all of them).
 *
 * @param source the input's name (a file name), for reports
 * @param recordsRead how many records the input held
 * @param records the records that translated, in input order
 * @param problems every problem, in record order
 */
public record MappingResult<T>(
    String source, int recordsRead, List<Translated<T>> records, List<MappingProblem> problems) {

  /** One record's translation. */
  public record Translated<T>(int record, T value) {
    public Translated {
      Objects.requireNonNull(value, "value");
    }
  }

  public MappingResult {
    Objects.requireNonNull(source, "source");
    records = List.copyOf(records);
    problems = List.copyOf(problems);
  }

  /** The translated values alone, in input order. */
  public List<T> values() {
    return records.stream().map(Translated::value).toList();
  }

  public List<MappingProblem> errors() {
    return problems.stream().filter(MappingProblem::isError).toList();
  }

  public boolean hasErrors() {
    return problems.stream().anyMatch(MappingProblem::isError);
  }

  /** The numbers of the records that failed (0 if the input as a whole was refused). */
  public Set<Integer> failedRecords() {
    Set<Integer> failed = new TreeSet<>();
    errors().forEach(p -> failed.add(p.record()));
    return failed;
  }
}
