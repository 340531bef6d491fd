package org.concordat.adapters.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The CSV reader is strict RFC 4180 where Jackson's parser is lenient, and numbers lines as the
 * format does. Expected messages are the ones the documented format gives (docs/mappings.md).
 */
class CsvCodecTest {
  private static final Mapping TWO_FIELDS =
      Mappings.read(
          "two.yaml",
          """
          id: two
          version: "1"
          title: Two fields
          format: {type: csv}
          fields:
            - name: a
              fhir: Patient.name.family
            - name: b
              fhir: Patient.name.given
          """);

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "spaces after a closing quote|\"x\"  ,2|A quoted field is followed by more text before the"
            + " next delimiter (line 2).",
        "a quote inside an unquoted field|x\"y,2|A field that does not start with a double quote"
            + " contains one (line 2).",
      })
  void refusesTheRowAloneAndReadsOnFromTheNextLine(String desc, String bad, String problem) {
    LocalCodec.Parsed parsed = read("a,b\r\n" + bad + "\r\n3,4\r\n");

    assertThat(parsed.records()).hasSize(2);
    assertThat(parsed.records().get(0).problems())
        .extracting(MappingProblem::toString)
        .containsExactly("record 1: error: " + problem);
    assertThat(parsed.records().get(1).values()).containsEntry("a", "3").containsEntry("b", "4");
  }

  @Test
  void numbersLinesAfterAQuotedLineBreakAndALoneCarriageReturn() {
    LocalCodec.Parsed parsed = read("a,b\r\"two\r\nlines\",x\r\n\r3,4,5\n");

    assertThat(parsed.records().get(0).values()).containsEntry("a", "two\r\nlines");
    assertThat(parsed.records().get(1).problems())
        .extracting(MappingProblem::toString)
        .containsExactly("record 2: error: The row on line 5 has 3 fields; the header has 2.");
  }

  @Test
  void stopsAtAQuotedFieldThatNeverCloses() {
    LocalCodec.Parsed parsed = read("a,b\n1,2\n3,\"never\n5,6\n");

    assertThat(parsed.records()).hasSize(2);
    assertThat(parsed.records().get(1).problems())
        .extracting(MappingProblem::toString)
        .containsExactly(
            "record 2: error: The quoted field starting on line 3 is never closed (line 3).");
  }

  @Test
  void refusesTheFileWhenTheHeaderNeverCloses() {
    assertThat(read("\"a,b\n1,2\n").problems())
        .extracting(MappingProblem::toString)
        .containsExactly("input: error: The quoted field starting on line 1 is never closed");
  }

  @Test
  void readsBackWhatItWrites() {
    List<String> values = List.of("=1+2", "a \"quoted\", text", "two\r\nlines", "-", "@x");
    for (String value : values) {
      String csv = "a,b\r\n" + CsvCodec.cell(value, ',') + ",x\r\n";

      assertThat(read(csv).records().get(0).values()).containsEntry("a", value);
    }
  }

  private static LocalCodec.Parsed read(String text) {
    return new CsvCodec().read(text, TWO_FIELDS, MappingLimits.DEFAULT);
  }
}
