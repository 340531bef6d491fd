package org.concordat.adapters.mapping;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.csv.CsvFactory;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
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
 * line ends on output (CRLF or LF accepted on input), fields quoted only where needed. Rows are
 * read by Jackson's CSV parser ({@link Rows}). They are written here, not by Jackson's generator:
 * with its strict quoting check it leaves a value holding LF unquoted (2.19), and without it it
 * quotes values RFC 4180 does not need quoted (a space), which would change the documented bytes.
 *
 * <p>Going out, a cell that a spreadsheet would read as a formula — starting with {@code =}, {@code
 * +}, {@code -}, {@code @}, tab or CR — gets a leading {@code '} (OWASP CSV injection). Going in,
 * one such leading {@code '} is removed again, so what Concordat wrote reads back unchanged.
 */
final class CsvCodec implements LocalCodec {
  private static final String CRLF = "\r\n";
  private static final CsvFactory CSV = new CsvFactory();

  @Override
  public Parsed read(String text, Mapping mapping, MappingLimits limits) {
    LocalFormat format = mapping.format();
    List<Row> rows = new ArrayList<>();
    List<MappingProblem> problems = new ArrayList<>();
    Rows scanner = new Rows(text, format.delimiter());
    boolean header = format.header();
    List<String> columns = null;
    int number = 0;
    while (true) {
      Row row;
      try {
        row = scanner.next();
      } catch (UnclosedQuote e) {
        if (columns == null && header) {
          return Parsed.refused(e.getMessage());
        }
        rows.add(new Row(e.line, List.of(), e.getMessage()));
        break;
      }
      if (row == null) {
        break;
      }
      if (row.problem() == null
          && (row.cells().isEmpty() || (row.cells().size() == 1 && row.cells().get(0).isEmpty()))) {
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

  /** A quoted field that never closes: nothing after it can be trusted. */
  private static final class UnclosedQuote extends Exception {
    private static final long serialVersionUID = 1L;

    /** The line the row with the field starts on. */
    final int line;

    UnclosedQuote(int line) {
      super("The quoted field starting on line " + line + " is never closed");
      this.line = line;
    }

    /** Always the message it was made with: never null. */
    @Override
    public String getMessage() {
      return Objects.requireNonNull(super.getMessage());
    }
  }

  /**
   * RFC 4180 rows read by Jackson's CSV parser, with line numbers for messages. Jackson reads a
   * quote inside an unquoted field as text; Concordat refuses it, as RFC 4180 does. After a
   * malformed row, reading goes on from the next line with a new parser, so one bad row never hides
   * the rows after it.
   */
  private static final class Rows {
    private static final String TEXT_AFTER_QUOTE =
        "A quoted field is followed by more text before the next delimiter";
    private static final String QUOTE_IN_FIELD =
        "A field that does not start with a double quote contains one";

    /** Where a row breaks RFC 4180, and how. */
    private record Fault(int at, String problem) {
      /** Whether a quoted field runs to the end of the text, so nothing after it can be trusted. */
      boolean neverClosed() {
        return at < 0;
      }
    }

    private static final Fault NEVER_CLOSED = new Fault(-1, "never closed");

    private final String text;
    private final char delimiter;
    private CsvParser parser;

    /** Where the current parser's input starts in {@code text}. */
    private int base;

    /** The line the next row starts on. */
    private int nextLine = 1;

    Rows(String text, char delimiter) {
      this.text = text;
      this.delimiter = delimiter;
      this.parser = parser(0);
    }

    /** The next row, or null after the last. */
    @Nullable Row next() throws UnclosedQuote {
      try {
        return row();
      } catch (JsonProcessingException e) {
        // Jackson fails only inside a row, which row() reports itself.
        throw new IllegalStateException("The CSV parser failed between rows", e);
      } catch (IOException e) {
        throw new UncheckedIOException("Reading CSV held in memory failed", e);
      }
    }

    private @Nullable Row row() throws IOException, UnclosedQuote {
      JsonToken token = parser.nextToken();
      if (token == null) {
        return null;
      }
      int line = nextLine;
      long previousEnd = parser.currentLocation().getCharOffset();
      int start = base + (previousEnd < 0 ? 0 : (int) previousEnd + 1);
      List<String> cells = new ArrayList<>();
      try {
        while ((token = parser.nextToken()) == JsonToken.VALUE_STRING) {
          cells.add(parser.getText());
        }
      } catch (JsonProcessingException e) {
        JsonLocation where = e.getLocation();
        int at = where == null ? text.length() : base + (int) where.getCharOffset();
        Fault fault = fault(start);
        return refuse(line, start, fault != null ? fault : new Fault(at, TEXT_AFTER_QUOTE));
      }
      if (token != JsonToken.END_ARRAY) {
        throw new IllegalStateException("The CSV parser gave " + token + " inside a row");
      }
      long endOffset = parser.currentLocation().getCharOffset();
      int end = Math.min(text.length(), endOffset < 0 ? start : base + (int) endOffset);
      // Jackson is lenient where RFC 4180 is not (a quote inside an unquoted field, spaces after
      // a closing quote), so a row holding a quote is checked here.
      int quote = text.indexOf('"', start);
      if (quote >= 0 && quote <= end) {
        Fault fault = fault(start);
        if (fault != null) {
          return refuse(line, start, fault);
        }
      }
      // Lines as RFC 4180 counts them: every LF, and a lone CR only where it ends the row (so a CR
      // inside a quoted field does not count).
      nextLine =
          line
              + lineBreaks(start, Math.min(end + 1, text.length()))
              + (end < text.length() && text.charAt(end) == '\r' ? 1 : 0);
      return new Row(line, cells, null);
    }

    /** The row starting at {@code start} on {@code line} is malformed: report it, read on. */
    private Row refuse(int line, int start, Fault fault) throws IOException, UnclosedQuote {
      if (fault.neverClosed()) {
        throw new UnclosedQuote(line);
      }
      int next = text.indexOf('\n', fault.at());
      parser.close();
      base = next < 0 ? text.length() : next + 1;
      nextLine = line + lineBreaks(start, fault.at()) + 1;
      parser = parser(base);
      return new Row(line, List.of(), fault.problem());
    }

    /**
     * The first place where the row starting at {@code start} breaks RFC 4180, read left to right
     * as the format is; null if it does not.
     */
    private @Nullable Fault fault(int start) {
      int i = start;
      int n = text.length();
      while (true) {
        if (i < n && text.charAt(i) == '"') {
          i++;
          while (true) {
            if (i >= n) {
              return NEVER_CLOSED;
            }
            if (text.charAt(i++) == '"') {
              if (i < n && text.charAt(i) == '"') {
                i++;
              } else {
                break;
              }
            }
          }
          if (i < n
              && text.charAt(i) != delimiter
              && text.charAt(i) != '\r'
              && text.charAt(i) != '\n') {
            return new Fault(i, TEXT_AFTER_QUOTE);
          }
        } else {
          while (i < n) {
            char c = text.charAt(i);
            if (c == delimiter || c == '\r' || c == '\n') {
              break;
            }
            if (c == '"') {
              return new Fault(i, QUOTE_IN_FIELD);
            }
            i++;
          }
        }
        if (i >= n || text.charAt(i) != delimiter) {
          return null;
        }
        i++;
      }
    }

    private int lineBreaks(int from, int to) {
      int count = 0;
      for (int i = from; i < to; i++) {
        if (text.charAt(i) == '\n') {
          count++;
        }
      }
      return count;
    }

    private CsvParser parser(int from) {
      try {
        CsvParser csv = CSV.createParser(new StringReader(text.substring(from)));
        // No columns: each row is an array of strings. No comments, trimming or skipped lines.
        csv.setSchema(CsvSchema.emptySchema().withColumnSeparator(delimiter));
        return csv;
      } catch (IOException e) {
        throw new UncheckedIOException("Reading CSV held in memory failed", e);
      }
    }
  }
}
