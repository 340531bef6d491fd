package org.concordat.adapters.optout;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.concordat.adapters.optout.OptOutFileException.Problem;
import org.concordat.protocols.subject.NhsNumber;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OptOutFilesTest {
  private static final long MAX_BYTES = 1024 * 1024;
  private static final int MAX_RECORDS = 10_000;

  private static final NhsNumber A = NhsNumber.parse("9990000018");
  private static final NhsNumber B = NhsNumber.parse("9990000026");
  private static final NhsNumber C = NhsNumber.parse("9990000034");
  private static final NhsNumber D = NhsNumber.parse("9990000042");
  private static final NhsNumber E = NhsNumber.parse("9990000050");
  private static final NhsNumber F = NhsNumber.parse("9990000069");

  private static CohortFile read(String name, String text) throws IOException {
    return read(name, text.getBytes(UTF_8), MAX_BYTES, MAX_RECORDS);
  }

  private static CohortFile read(String name, byte[] bytes, long maxBytes, int maxRecords)
      throws IOException {
    return OptOutFiles.read(new ByteArrayInputStream(bytes), name, maxBytes, maxRecords);
  }

  private static OptOutFileException refused(String name, String text) {
    return catchThrowableOfType(OptOutFileException.class, () -> read(name, text));
  }

  private static CohortFile sample(String name) {
    try (InputStream in =
        Objects.requireNonNull(OptOutFilesTest.class.getResourceAsStream("/optout/" + name))) {
      return OptOutFiles.read(in, name, MAX_BYTES, MAX_RECORDS);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  // Reading

  @Test
  void readsTheServicesFormatOfOneNumberAndACommaPerLine() {
    CohortFile submitted = sample("submitted-cohort.dat");

    assertThat(submitted.fileName()).isEqualTo("submitted-cohort.dat");
    assertThat(submitted.nhsNumbers()).containsExactly(A, B, C, D, E, F);
  }

  @Test
  void acceptsNumbersWithoutCommasCrlfBlankLinesSpacesAndAByteOrderMark() throws IOException {
    String text = "\uFEFF9990000018\r\n\r\n999 000 0026 ,\r\n  999-000-0034\n\n";

    assertThat(read("cohort.csv", text).nhsNumbers()).containsExactly(A, B, C);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "NHS_NUMBER",
        "nhs_number",
        "NHS Number",
        "NHSNumber",
        "\"NHS_NUMBER\",",
        "NHS No"
      })
  void acceptsAHeaderLineFirst(String header) throws IOException {
    assertThat(read("cohort.csv", header + "\n9990000018,\n").nhsNumbers()).containsExactly(A);
  }

  @Test
  void headerIsOnlyAllowedBeforeTheFirstNumber() {
    OptOutFileException e = refused("cohort.csv", "9990000018,\nNHS_NUMBER\n");

    assertThat(e.problems())
        .containsExactly(
            new Problem(2, "An NHS number has only digits; this one has 'N' at position 1"));
  }

  @Test
  void emptyFileIsAnEmptyCohort() throws IOException {
    assertThat(read("returned.dat", "").nhsNumbers()).isEmpty();
    assertThat(read("returned.dat", "NHS_NUMBER\n\n").nhsNumbers()).isEmpty();
  }

  @Test
  void keepsDuplicatesInFileOrder() throws IOException {
    assertThat(read("cohort.dat", "9990000026,\n9990000018,\n9990000026,\n").nhsNumbers())
        .containsExactly(B, A, B);
  }

  @Test
  void reportsEveryMalformedLineWithItsFileAndLineNumber() {
    String text =
        "9990000018,\n"
            + "9990000019,\n" // wrong check digit
            + "\n"
            + "12345,\n"
            + "9990000026,9990000034\n"
            + "99900000x8,\n"
            + "9990000034,\n";

    OptOutFileException e = refused("returned.csv", text);

    assertThat(e.fileName()).isEqualTo("returned.csv");
    assertThat(e.truncated()).isFalse();
    assertThat(e.problems())
        .containsExactly(
            new Problem(2, "The NHS number fails its modulus 11 check digit"),
            new Problem(4, "An NHS number has 10 digits; this one has 5 characters"),
            new Problem(
                5,
                "has more than one value; the file has one NHS number on each line, followed by a"
                    + " comma or not"),
            new Problem(6, "An NHS number has only digits; this one has 'x' at position 9"));
    assertThat(e.getMessage())
        .startsWith("returned.csv line 2: The NHS number fails its modulus 11 check digit\n")
        .contains("returned.csv line 4: An NHS number has 10 digits; this one has 5 characters")
        .doesNotContain("9990000019", "12345", "9990000026");
  }

  @Test
  void stopsReadingAfterAHundredProblems() {
    String text = IntStream.range(0, 250).mapToObj(i -> "123,\n").collect(Collectors.joining());

    OptOutFileException e = refused("returned.dat", text);

    assertThat(e.problems()).hasSize(OptOutFiles.MAX_PROBLEMS);
    assertThat(e.problems().get(99).line()).isEqualTo(100);
    assertThat(e.truncated()).isTrue();
    assertThat(e.getMessage()).endsWith("returned.dat: reading stopped after 100 problems");
  }

  @Test
  void recognisesTheServicesRefusalOfASubmission() {
    OptOutFileException e =
        refused("returned.dat", "The file contains one or more invalid NHS Numbers.\n");

    assertThat(e.problems())
        .singleElement()
        .extracting(Problem::sentence)
        .asString()
        .startsWith(
            "the Check for National Data Opt-outs service refused the submission: it says"
                + " the submitted file contains one or more invalid NHS numbers");
  }

  @Test
  void refusesTextThatIsNotUtf8() {
    byte[] bytes = {'9', '9', '9', '0', '0', '0', '0', '0', '1', '8', ',', '\n', (byte) 0xFF, '\n'};

    OptOutFileException e =
        catchThrowableOfType(
            OptOutFileException.class, () -> read("cohort.dat", bytes, MAX_BYTES, MAX_RECORDS));

    assertThat(e.problems())
        .extracting(Problem::sentence)
        .anySatisfy(s -> assertThat(s).startsWith("is not UTF-8 text"));
  }

  // Limits

  @Test
  void readsAFileOfExactlyTheLimits() throws IOException {
    byte[] bytes = "9990000018,\n9990000026,\n".getBytes(UTF_8);

    assertThat(read("cohort.dat", bytes, bytes.length, 2).nhsNumbers()).containsExactly(A, B);
  }

  @Test
  void refusesAStreamLargerThanTheLimit() {
    byte[] bytes = "9990000018,\n9990000026,\n".getBytes(UTF_8);

    OptOutFileException e =
        catchThrowableOfType(
            OptOutFileException.class, () -> read("cohort.dat", bytes, bytes.length - 1, 10));

    assertThat(e.problems())
        .containsExactly(
            new Problem(
                null,
                "is larger than 23 bytes, the most Concordat reads from one file; split the"
                    + " cohort"));
    assertThat(e.getMessage()).startsWith("cohort.dat: is larger than 23 bytes");
  }

  @Test
  void refusesAFileLargerThanTheLimitBeforeReadingIt(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("big.dat");
    Files.writeString(file, "9990000018,\n".repeat(100));

    assertThatThrownBy(() -> OptOutFiles.read(file, 1199, MAX_RECORDS))
        .isInstanceOf(OptOutFileException.class)
        .hasMessage(
            "big.dat: is larger than 1199 bytes, the most Concordat reads from one file; split the"
                + " cohort");
  }

  @Test
  void refusesMoreRecordsThanTheLimit() {
    byte[] bytes = "9990000018,\n9990000026,\n9990000034,\n".getBytes(UTF_8);

    OptOutFileException e =
        catchThrowableOfType(
            OptOutFileException.class, () -> read("cohort.dat", bytes, MAX_BYTES, 2));

    assertThat(e.problems())
        .containsExactly(
            new Problem(
                null,
                "has more than 2 NHS numbers, the most Concordat reads from one file; split the"
                    + " cohort"));
  }

  @Test
  void nonPositiveLimitsAreABug() {
    assertThatThrownBy(() -> read("cohort.dat", new byte[0], 0, 1))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> read("cohort.dat", new byte[0], 1, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void readsAFileByPathUnderItsOwnName(@TempDir Path dir) throws IOException {
    Path file = dir.resolve("X26-20260203-0001.dat");
    Files.writeString(file, "9990000018,\n");

    CohortFile read = OptOutFiles.read(file, MAX_BYTES, MAX_RECORDS);

    assertThat(read.fileName()).isEqualTo("X26-20260203-0001.dat");
    assertThat(read.nhsNumbers()).containsExactly(A);
  }

  // Comparing

  @Test
  void peopleSubmittedButNotReturnedHaveOptedOut() {
    OptOutResult result =
        OptOutFiles.compare(sample("submitted-cohort.dat"), sample("returned-cohort.dat"));

    assertThat(result.optedOut()).containsExactly(B, E);
    assertThat(result.notOptedOut()).containsExactly(A, C, D, F);
  }

  @Test
  void duplicatesCountOnceInSubmissionOrder() {
    OptOutResult result =
        OptOutFiles.compare(
            new CohortFile("submitted.dat", List.of(C, A, C, B, A)),
            new CohortFile("returned.dat", List.of(A, C, A)));

    assertThat(result.optedOut()).containsExactly(B);
    assertThat(result.notOptedOut()).containsExactly(C, A);
  }

  @Test
  void emptyReturnMeansEveryoneHasOptedOut() {
    OptOutResult result =
        OptOutFiles.compare(
            new CohortFile("submitted.dat", List.of(A, B)),
            new CohortFile("returned.dat", List.of()));

    assertThat(result.optedOut()).containsExactly(A, B);
    assertThat(result.notOptedOut()).isEmpty();
  }

  @Test
  void returnedFileWithNumbersNotSubmittedDoesNotBelongToTheSubmission() {
    CohortMismatchException e =
        catchThrowableOfType(
            CohortMismatchException.class,
            () ->
                OptOutFiles.compare(
                    new CohortFile("submitted.dat", List.of(A, B)),
                    new CohortFile("returned.dat", List.of(A, C, D, C))));

    assertThat(e.unexpected()).isEqualTo(2);
    assertThat(e.getMessage())
        .isEqualTo(
            "returned.dat has 2 NHS numbers that are not in submitted.dat: the files do not belong"
                + " together, or were given the wrong way round. Compare the returned file with the"
                + " file that was submitted for it");
  }

  @Test
  void filesGivenTheWrongWayRoundAreRefused() {
    assertThatThrownBy(
            () ->
                OptOutFiles.compare(sample("returned-cohort.dat"), sample("submitted-cohort.dat")))
        .isInstanceOf(CohortMismatchException.class)
        .hasMessageStartingWith(
            "submitted-cohort.dat has 2 NHS numbers that are not in returned-cohort.dat");
  }

  // Writing, and what is shown

  @Test
  void writesASubmissionInTheServicesFormatThatReadsBack() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();

    OptOutFiles.write(List.of(A, B), out);

    assertThat(out.toString(UTF_8)).isEqualTo("9990000018,\n9990000026,\n");
    assertThat(read("submitted.dat", out.toByteArray(), MAX_BYTES, MAX_RECORDS).nhsNumbers())
        .containsExactly(A, B);
  }

  @Test
  void showsNoNhsNumbersInToString() {
    CohortFile submitted = sample("submitted-cohort.dat");
    OptOutResult result = OptOutFiles.compare(submitted, sample("returned-cohort.dat"));

    assertThat(submitted.toString())
        .isEqualTo("CohortFile[fileName=submitted-cohort.dat, nhsNumbers=6]");
    assertThat(result.toString()).isEqualTo("OptOutResult[optedOut=2, notOptedOut=4]");
  }
}
