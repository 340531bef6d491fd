package org.concordat.adapters.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.IOException;
import java.nio.file.Files;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Reading mapping files: what is accepted, and every refusal with file, line and a sentence. */
class MappingReaderTest {

  static Stream<Arguments> invalidMappings() throws IOException {
    return InvalidMappingVector.all(MappingSchemaTest.INVALID).stream()
        .map(v -> Arguments.of(v.name(), v));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidMappings")
  void refusesEachInvalidMappingWithItsReason(String name, InvalidMappingVector vector) {
    InvalidMappingException refusal =
        catchThrowableOfType(
            InvalidMappingException.class, () -> Mappings.read(name, vector.text()));

    assertThat(refusal).as(vector.desc()).isNotNull();
    assertThat(refusal.problems())
        .as(vector.desc())
        .anySatisfy(p -> assertThat(p.message()).contains(vector.wantErr()));
    assertThat(refusal.problems()).allSatisfy(p -> assertThat(p.file()).isEqualTo(name));
  }

  @Test
  void readsTheShippedReferralForm() {
    Mapping form = ReferralForms.form();

    assertThat(form.id()).isEqualTo("voluntary-referral-form");
    assertThat(form.formatName()).isEqualTo("json");
    assertThat(form.fieldNames())
        .containsExactly(
            "referralId",
            "nhsNumber",
            "familyName",
            "givenNames",
            "dateOfBirth",
            "supportNeeded",
            "consentToShare",
            "referrer",
            "referredOn",
            "notes");
    assertThat(form.supports(MappingDirection.IN)).isTrue();
    assertThat(form.supports(MappingDirection.OUT)).isTrue();
  }

  @Test
  void reportsAMisspeltElementAtItsLineAndColumn() throws IOException {
    String text =
        Files.readString(ReferralForms.FORM_MAPPING)
            .replace("fhir: Patient.birthDate", "fhir: Patient.birthdate");
    int line = lineOf(text, "Patient.birthdate");

    InvalidMappingException refusal =
        catchThrowableOfType(InvalidMappingException.class, () -> Mappings.read("form.yaml", text));

    assertThat(refusal.problems()).hasSize(1);
    MappingFileProblem problem = refusal.problems().get(0);
    assertThat(problem.line()).isEqualTo(line);
    assertThat(problem.column()).isEqualTo(11);
    assertThat(problem.toString())
        .isEqualTo(
            "form.yaml:"
                + line
                + ":11: Patient has no element 'birthdate'; did you mean 'birthDate'?");
  }

  @Test
  void reportsEveryProblemInLineOrder() {
    String text =
        """
        id: Bad Id
        version: "1"
        title: t
        format: {type: json, delimiter: ";"}
        fields:
          - name: a
            fhir: Patient.nme
          - name: b
        """;

    InvalidMappingException refusal =
        catchThrowableOfType(InvalidMappingException.class, () -> Mappings.read("bad.yaml", text));

    assertThat(refusal.problems()).extracting(MappingFileProblem::line).containsExactly(1, 4, 7, 8);
  }

  @Test
  void refusesTextThatIsNotYamlWithItsPosition() {
    assertThatThrownBy(() -> Mappings.read("x.yaml", "id: [unclosed\n"))
        .isInstanceOf(InvalidMappingException.class)
        .hasMessageStartingWith("x.yaml:")
        .hasMessageContaining("This is not valid YAML");
  }

  @Test
  void declaresResourcesFromPathsWhenNoneAreListed() {
    Mapping mapping =
        Mappings.read(
            "small.yaml",
            """
            id: small
            version: "1"
            title: Smallest mapping
            format: {type: csv}
            fields:
              - name: nhs_number
                fhir: Patient.identifier.where(system='https://fhir.nhs.uk/Id/nhs-number').value
                type: nhs-number
              - name: gender
                fhir: Patient.gender
            """);

    assertThat(mapping.resources()).extracting(ResourceSpec::name).containsExactly("Patient");
  }

  private static int lineOf(String text, String needle) {
    String[] lines = text.split("\n", -1);
    for (int i = 0; i < lines.length; i++) {
      if (lines[i].contains(needle)) {
        return i + 1;
      }
    }
    throw new IllegalArgumentException(needle);
  }
}
