package org.concordat.adapters.optout;

import java.io.BufferedReader;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.concordat.adapters.optout.OptOutFileException.Problem;
import org.concordat.protocols.subject.InvalidNhsNumberException;
import org.concordat.protocols.subject.NhsNumber;
import org.jspecify.annotations.Nullable;

/**
 * Cohort files of the Check for National Data Opt-outs service (docs/consent-format.md, "National
 * data opt-out files"). The organisation sends a file of NHS numbers over MESH; the service returns
 * the same list without the people who have a national data opt-out.
 *
 * <p>The service's format is one NHS number per line followed by a comma, lines ending in LF. When
 * reading, Concordat also accepts a number without the comma, CRLF line ends, blank lines, a header
 * line ({@code NHS_NUMBER} and the like, any case), spaces or hyphens inside a number, and a UTF-8
 * byte order mark. Everything else is a problem, reported with its line; all problems are gathered
 * (up to {@link #MAX_PROBLEMS}) so that a file can be fixed in one go.
 */
public final class OptOutFiles {
  /** Problems gathered before reading stops: enough to see what is wrong with a file. */
  public static final int MAX_PROBLEMS = 100;

  private static final Pattern HEADER =
      Pattern.compile("\"?nhs[ _-]?(number|no\\.?|num)\"?\\s*,?", Pattern.CASE_INSENSITIVE);

  /** The single line the service returns instead of a cohort when it refuses a submission. */
  private static final String SERVICE_REFUSAL = "the file contains one or more invalid nhs numbers";

  private OptOutFiles() {}

  /**
   * Reads a cohort file.
   *
   * @param maxBytes the largest file read; a larger one is refused before it is read
   * @param maxRecords the most NHS numbers read; a file with more is refused
   * @throws OptOutFileException naming each problem with its line
   * @throws IOException if the file cannot be read
   */
  public static CohortFile read(Path file, long maxBytes, int maxRecords) throws IOException {
    String fileName = String.valueOf(file.getFileName());
    checkLimits(maxBytes, maxRecords);
    long size = Files.size(file);
    if (size > maxBytes) {
      throw tooLarge(fileName, maxBytes);
    }
    try (InputStream in = Files.newInputStream(file)) {
      return read(in, fileName, maxBytes, maxRecords);
    }
  }

  /**
   * Reads a cohort file from {@code in}, which the caller closes.
   *
   * @param fileName the name to give in messages and in the result
   * @throws OptOutFileException naming each problem with its line
   * @throws IOException if the stream cannot be read
   */
  public static CohortFile read(InputStream in, String fileName, long maxBytes, int maxRecords)
      throws IOException {
    Objects.requireNonNull(in, "in");
    Objects.requireNonNull(fileName, "fileName");
    checkLimits(maxBytes, maxRecords);
    BufferedReader reader =
        new BufferedReader(
            new InputStreamReader(
                new LimitedInputStream(in, maxBytes),
                StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)));
    List<NhsNumber> numbers = new ArrayList<>();
    List<Problem> problems = new ArrayList<>();
    int lineNumber = 0;
    boolean seenContent = false;
    try {
      for (String line = reader.readLine(); line != null; line = reader.readLine()) {
        lineNumber++;
        if (lineNumber == 1 && line.startsWith("\uFEFF")) {
          line = line.substring(1);
        }
        String text = line.strip();
        if (text.isEmpty()) {
          continue;
        }
        if (!seenContent) {
          seenContent = true;
          if (text.toLowerCase(Locale.ROOT).startsWith(SERVICE_REFUSAL)) {
            throw new OptOutFileException(
                fileName,
                List.of(
                    new Problem(
                        lineNumber,
                        "the Check for National Data Opt-outs service refused the submission: it"
                            + " says the submitted file contains one or more invalid NHS numbers."
                            + " Check the submitted file and send it again")),
                false);
          }
          if (HEADER.matcher(text).matches()) {
            continue;
          }
        }
        String problem = problemWith(text, numbers);
        if (problem != null) {
          problems.add(new Problem(lineNumber, problem));
          if (problems.size() >= MAX_PROBLEMS) {
            throw new OptOutFileException(fileName, problems, true);
          }
        } else if (numbers.size() > maxRecords) {
          problems.add(
              new Problem(
                  null,
                  "has more than "
                      + maxRecords
                      + " NHS numbers, the most Concordat reads from one file; split the cohort"));
          throw new OptOutFileException(fileName, problems, false);
        }
      }
    } catch (CharacterCodingException e) {
      problems.add(
          new Problem(lineNumber + 1, "is not UTF-8 text; the file has NHS numbers in digits"));
      throw new OptOutFileException(fileName, problems, false);
    } catch (LimitedInputStream.TooLargeException e) {
      throw tooLarge(fileName, maxBytes);
    }
    if (!problems.isEmpty()) {
      throw new OptOutFileException(fileName, problems, false);
    }
    return new CohortFile(fileName, numbers);
  }

  /**
   * Adds the line's NHS number to {@code numbers}, or says what is wrong with it (never quoting
   * it).
   */
  private static @Nullable String problemWith(String text, List<NhsNumber> numbers) {
    String value = text.endsWith(",") ? text.substring(0, text.length() - 1).strip() : text;
    if (value.contains(",")) {
      return "has more than one value; the file has one NHS number on each line, followed by a"
          + " comma or not";
    }
    try {
      numbers.add(NhsNumber.parse(value));
      return null;
    } catch (InvalidNhsNumberException e) {
      return e.getMessage();
    }
  }

  /**
   * Who of {@code submitted} has opted out, by what the service {@code returned} for it.
   *
   * <p>Passing the two files the wrong way round cannot give a wrong answer: unless they hold the
   * same people (when the answer is the same either way), the "returned" file then holds NHS
   * numbers that the "submitted" one does not, which is refused.
   *
   * @throws CohortMismatchException if {@code returned} holds NHS numbers that {@code submitted}
   *     does not: the files do not belong together
   */
  public static OptOutResult compare(CohortFile submitted, CohortFile returned) {
    Set<NhsNumber> asked = new LinkedHashSet<>(submitted.nhsNumbers());
    Set<NhsNumber> answered = new LinkedHashSet<>(returned.nhsNumbers());
    long unexpected = answered.stream().filter(n -> !asked.contains(n)).count();
    if (unexpected > 0) {
      throw new CohortMismatchException(
          submitted.fileName(), returned.fileName(), Math.toIntExact(unexpected));
    }
    List<NhsNumber> optedOut = new ArrayList<>();
    List<NhsNumber> notOptedOut = new ArrayList<>();
    for (NhsNumber n : asked) {
      (answered.contains(n) ? notOptedOut : optedOut).add(n);
    }
    return new OptOutResult(optedOut, notOptedOut);
  }

  /**
   * Writes a cohort file for submission in the service's format: each NHS number on a line of its
   * own followed by a comma, lines ending in LF. The caller closes {@code out}.
   */
  public static void write(List<NhsNumber> cohort, OutputStream out) throws IOException {
    Writer writer = new OutputStreamWriter(out, StandardCharsets.US_ASCII);
    for (NhsNumber n : cohort) {
      writer.write(n.value());
      writer.write(",\n");
    }
    writer.flush();
  }

  private static void checkLimits(long maxBytes, int maxRecords) {
    if (maxBytes <= 0 || maxRecords <= 0) {
      throw new IllegalArgumentException("The limits on a cohort file must be positive");
    }
  }

  private static OptOutFileException tooLarge(String fileName, long maxBytes) {
    return new OptOutFileException(
        fileName,
        List.of(
            new Problem(
                null,
                "is larger than "
                    + maxBytes
                    + " bytes, the most Concordat reads from one file; split the cohort")),
        false);
  }

  /** Stops reading, with an exception, once more than {@code max} bytes have come through. */
  private static final class LimitedInputStream extends FilterInputStream {
    private final long max;
    private long count;

    LimitedInputStream(InputStream in, long max) {
      super(in);
      this.max = max;
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        counted(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, length);
      if (n > 0) {
        counted(n);
      }
      return n;
    }

    private void counted(int n) throws TooLargeException {
      count += n;
      if (count > max) {
        throw new TooLargeException();
      }
    }

    /** An I/O exception so that it passes through the reader to {@link OptOutFiles#read}. */
    static final class TooLargeException extends IOException {
      private static final long serialVersionUID = 1L;
    }
  }
}
