package org.concordat.adapters.mapping;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * RFC 4180 CSV in UTF-8: a header row (unless the mapping says otherwise), one row per record, CRLF
 * line ends on output (CRLF or LF accepted on input), fields quoted only where needed.
 *
 * <p>Going out, a cell that a spreadsheet would read as a formula — starting with {@code =}, {@code
 * +}, {@code -}, {@code @}, tab or CR — gets a leading {@code '} (OWASP CSV injection). Going in,
 * one such leading {@code '} is removed again, so what Concordat wrote reads back unchanged.
 */
final class CsvCodec implements LocalCodec {
  private static final String CRLF = "\r\n";

  @Override
  public Parsed read(String text, Mapping mapping, MappingLimits limits) {
    LocalFormat format = mapping.format();
    List<Row> rows = new ArrayList<>();
    List<MappingProblem> problems = new ArrayList<>();
    Scanner scanner = new Scanner(text, format.delimiter());
    boolean header = format.header();
    List<String> columns = null;
    int number = 0;
    while (scanner.hasMore()) {
      int line = scanner.line;
      Row row;
      try {
        row = new Row(line, scanner.row(), null);
      } catch (MalformedRow e) {
        row = new Row(line, List.of(), e.getMessage());
      } catch (UnclosedQuote e) {
        if (columns == null && header) {
          return Parsed.refused(e.getMessage());
        }
        rows.add(new Row(line, List.of(), e.getMessage()));
        break;
      }
      if (row.problem() == null && row.cells().size() == 1 && row.cells().get(0).isEmpty()) {
        continue; // a blank line
      }
      if (header && columns == null) {
        if (row.problem() != null) {
          return Parsed.refused("The header row cannot be read: " + row.problem());
        }
        columns = row.cells();
        continue;
      }
      number++;
      if (number > limits.maxRecords()) {
        return Parsed.refused(
            "The file holds more than "
                + limits.maxRecords()
                + " records, the limit for this mapping.");
      }
      rows.add(row);
    }
    Map<String, Integer> columnOf = new HashMap<>();
    if (header) {
      if (columns == null) {
        return new Parsed(List.of(), List.of());
      }
      for (int i = 0; i < columns.size(); i++) {
        String column = columns.get(i).strip();
        if (columnOf.putIfAbsent(column, i) != null) {
          return Parsed.refused("The header names the column '" + column + "' twice.");
        }
      }
      for (Field field : mapping.fields()) {
        if (!columnOf.containsKey(field.at()) && field.goesIn()) {
          problems.add(
              field.required()
                  ? MappingProblem.error(
                      0, field.name(), "The header has no column '" + field.at() + "'.")
                  : MappingProblem.warning(
                      0,
                      field.name(),
                      "The header has no column '"
                          + field.at()
                          + "'; the field is empty in every record."));
        }
      }
      if (problems.stream().anyMatch(MappingProblem::isError)) {
        return new Parsed(List.of(), problems);
      }
    } else {
      for (int i = 0; i < mapping.fields().size(); i++) {
        columnOf.put(mapping.fields().get(i).at(), i);
      }
    }
    int expected = columns != null ? columns.size() : mapping.fields().size();
    List<RawRecord> records = new ArrayList<>();
    for (int r = 0; r < rows.size(); r++) {
      Row row = rows.get(r);
      int n = r + 1;
      if (row.problem() != null) {
        records.add(
            new RawRecord(
                n,
                Map.of(),
                List.of(
                    MappingProblem.error(n, null, row.problem() + " (line " + row.line() + ")."))));
        continue;
      }
      if (row.cells().size() != expected) {
        records.add(
            new RawRecord(
                n,
                Map.of(),
                List.of(
                    MappingProblem.error(
                        n,
                        null,
                        "The row on line "
                            + row.line()
                            + " has "
                            + row.cells().size()
                            + " fields; the "
                            + (header ? "header has " : "mapping has ")
                            + expected
                            + "."))));
        continue;
      }
      Map<String, String> values = new LinkedHashMap<>();
      List<MappingProblem> recordProblems = new ArrayList<>();
      for (Field field : mapping.fields()) {
        Integer column = columnOf.get(field.at());
        if (column == null) {
          continue;
        }
        String value = unprotect(row.cells().get(column));
        if (value.length() > limits.maxValueChars()) {
          recordProblems.add(
              MappingProblem.error(
                  n,
                  field.name(),
                  "The value is longer than " + limits.maxValueChars() + " characters."));
          continue;
        }
        if (!value.isEmpty()) {
          values.put(field.name(), value);
        }
      }
      records.add(new RawRecord(n, values, recordProblems));
    }
    return new Parsed(records, problems);
  }

  @Override
  public byte[] write(Mapping mapping, List<LocalRecord> records) {
    LocalFormat format = mapping.format();
    String delimiter = String.valueOf(format.delimiter());
    StringBuilder csv = new StringBuilder(128 * (records.size() + 1));
    if (format.header()) {
      List<String> headers = new ArrayList<>();
      mapping.fields().forEach(f -> headers.add(cell(f.at(), format.delimiter())));
      csv.append(String.join(delimiter, headers)).append(CRLF);
    }
    for (LocalRecord record : records) {
      List<String> cells = new ArrayList<>();
      for (Field field : mapping.fields()) {
        cells.add(cell(record.get(field.name()), format.delimiter()));
      }
      csv.append(String.join(delimiter, cells)).append(CRLF);
    }
    return csv.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** One cell: neutralised against formula injection, then quoted if RFC 4180 needs it. */
  static String cell(@Nullable String value, char delimiter) {
    if (value == null || value.isEmpty()) {
      return "";
    }
    String text = startsLikeAFormula(value) ? "'" + value : value;
    if (text.indexOf(delimiter) >= 0
        || text.indexOf('"') >= 0
        || text.indexOf('\r') >= 0
        || text.indexOf('\n') >= 0) {
      return '"' + text.replace("\"", "\"\"") + '"';
    }
    return text;
  }

  /** Removes the one leading {@code '} that {@link #cell} adds before a formula character. */
  static String unprotect(String value) {
    if (value.length() >= 2 && value.charAt(0) == '\'' && startsLikeAFormula(value.substring(1))) {
      return value.substring(1);
    }
    return value;
  }

  private static boolean startsLikeAFormula(String value) {
    char first = value.charAt(0);
    return first == '='
        || first == '+'
        || first == '-'
        || first == '@'
        || first == '\t'
        || first == '\r';
  }

  private record Row(int line, List<String> cells, @Nullable String problem) {}

  /** A row that breaks RFC 4180 but after which the next line can still be read. */
  private static final class MalformedRow extends Exception {
    private static final long serialVersionUID = 1L;

    MalformedRow(String message) {
      super(message);
    }

    /** Always the message it was made with: never null. */
    @Override
    public String getMessage() {
      return Objects.requireNonNull(super.getMessage());
    }
  }

  /** A quoted field that never closes: nothing after it can be trusted. */
  private static final class UnclosedQuote extends Exception {
    private static final long serialVersionUID = 1L;

    UnclosedQuote(String message) {
      super(message);
    }

    /** Always the message it was made with: never null. */
    @Override
    public String getMessage() {
      return Objects.requireNonNull(super.getMessage());
    }
  }

  /** An RFC 4180 scanner that counts lines, for messages. */
  private static final class Scanner {
    private final String text;
    private final char delimiter;
    private int at;
    int line = 1;

    Scanner(String text, char delimiter) {
      this.text = text;
      this.delimiter = delimiter;
    }

    boolean hasMore() {
      return at < text.length();
    }

    List<String> row() throws MalformedRow, UnclosedQuote {
      List<String> cells = new ArrayList<>();
      StringBuilder cell = new StringBuilder();
      int startLine = line;
      while (true) {
        if (at >= text.length()) {
          cells.add(cell.toString());
          return cells;
        }
        char c = text.charAt(at);
        if (c == '"' && cell.length() == 0) {
          at++;
          quoted(cell, startLine);
          if (at < text.length()
              && text.charAt(at) != delimiter
              && text.charAt(at) != '\r'
              && text.charAt(at) != '\n') {
            skipLine();
            throw new MalformedRow(
                "A quoted field is followed by more text before the next delimiter");
          }
          continue;
        }
        if (c == '"') {
          skipLine();
          throw new MalformedRow("A field that does not start with a double quote contains one");
        }
        if (c == delimiter) {
          cells.add(cell.toString());
          cell.setLength(0);
          at++;
          continue;
        }
        if (c == '\r' || c == '\n') {
          endOfLine();
          cells.add(cell.toString());
          return cells;
        }
        cell.append(c);
        at++;
      }
    }

    private void quoted(StringBuilder cell, int startLine) throws UnclosedQuote {
      while (true) {
        if (at >= text.length()) {
          throw new UnclosedQuote(
              "The quoted field starting on line " + startLine + " is never closed");
        }
        char c = text.charAt(at++);
        if (c == '"') {
          if (at < text.length() && text.charAt(at) == '"') {
            cell.append('"');
            at++;
            continue;
          }
          return;
        }
        if (c == '\n') {
          line++;
        }
        cell.append(c);
      }
    }

    private void endOfLine() {
      if (text.charAt(at) == '\r' && at + 1 < text.length() && text.charAt(at + 1) == '\n') {
        at++;
      }
      at++;
      line++;
    }

    private void skipLine() {
      while (at < text.length() && text.charAt(at) != '\n') {
        at++;
      }
      if (at < text.length()) {
        at++;
        line++;
      }
    }
  }
}
