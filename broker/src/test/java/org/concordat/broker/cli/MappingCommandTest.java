package org.concordat.broker.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code mapping validate|test} as a script sees them: output, problems and exit codes. */
class MappingCommandTest {
  static final Path FORM_MAPPING = Path.of("../config/mappings/voluntary-referral-form.yaml");
  static final String FORM =
      """
      {"referralId": "VR-2026-00417",
       "person": {"familyName": "Whitfield", "givenNames": "Rosa May", "nhsNumber": "999 000 0042",
                  "dateOfBirth": "12/05/1961"},
       "supportNeeded": "housing", "consentToShare": "yes", "referredOn": "03/02/2026"}
      """;

  @TempDir Path temp;

  private Path write(String name, String text) throws IOException {
    return Files.writeString(temp.resolve(name), text);
  }

  @Test
  void testsTheOfficialDstu2AdwNoticeAsTheBrokerReadsIt() {
    CliRun result =
        CliRun.of(
            "mapping",
            "test",
            "--mapping",
            "adw-notice-to-referral-csv",
            "--config-dir",
            "../config",
            "--input",
            "../config/samples/adw-dstu2-discharge-notice-RXA-to-XLA001.xml");

    assertThat(result.code()).as(result.err()).isEqualTo(ExitCodes.OK);
    assertThat(result.out()).startsWith("notice_message_id,").contains(",9990000107,");
    assertThat(result.err())
        .endsWith(
            "adw-dstu2-discharge-notice-RXA-to-XLA001.xml: out: 1 record(s) read, 1 translated,"
                + " 0 failed\n");
  }

  @Test
  void testsAnHl7v2AdtMessageThroughItsAdwNotice() {
    CliRun result =
        CliRun.of(
            "mapping",
            "test",
            "--mapping",
            "adw-notice-to-referral-csv",
            "--config-dir",
            "../config",
            "--input",
            "../config/samples/adt-a03-RXA-discharge.hl7");

    assertThat(result.code()).as(result.err()).isEqualTo(ExitCodes.OK);
    assertThat(result.out()).startsWith("notice_message_id,").contains(",9990000123,");
    assertThat(result.err()).contains("adt-a03-RXA-discharge.hl7: out: 1 record(s) read");
  }

  @Test
  void saysWhyTheBrokerWouldRefuseAnHl7v2MessageFromAnUnknownSender() throws IOException {
    Path adt =
        Files.write(
            temp.resolve("unknown.hl7"),
            Files.readString(Path.of("../config/samples/adt-a03-RXA-discharge.hl7"))
                .replace("|RXA01|", "|ZZZ99|")
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));

    CliRun result =
        CliRun.of(
            "mapping",
            "test",
            "--mapping",
            "adw-notice-to-referral-csv",
            "--config-dir",
            "../config",
            "--input",
            adt.toString());

    assertThat(result.code()).isEqualTo(ExitCodes.NO);
    assertThat(result.err()).contains("unknown.hl7: the broker would refuse this HL7 v2 message");
  }

  @Test
  void validatesTheShippedReferralFormMapping() {
    CliRun result = CliRun.of("mapping", "validate", FORM_MAPPING.toString());

    assertThat(result.code()).as(result.err()).isEqualTo(ExitCodes.OK);
    assertThat(result.out())
        .contains("voluntary-referral-form 1.0.0 is valid (json, 10 fields, in and out)");
  }

  @Test
  void translatesAFormIntoFhirByMappingName() throws IOException {
    Path form = write("form.json", FORM);

    CliRun result =
        CliRun.of(
            "mapping",
            "test",
            "--mapping",
            "voluntary-referral-form",
            "--config-dir",
            "../config",
            "--input",
            form.toString(),
            "--direction",
            "in");

    assertThat(result.code()).as(result.err()).isEqualTo(ExitCodes.OK);
    assertThat(result.out())
        .startsWith("record 1:")
        .contains("\"resourceType\": \"Bundle\"", "\"value\": \"9990000042\"");
    assertThat(result.err()).endsWith("form.json: in: 1 record(s) read, 1 translated, 0 failed\n");
  }

  @Test
  void translatesFhirBackIntoTheFormGuessingTheDirection() throws IOException {
    Path form = write("form.json", FORM);
    String bundle =
        CliRun.of(
                "mapping", "test", "--mapping", FORM_MAPPING.toString(), "--input", form.toString())
            .out()
            .replaceFirst("record 1:\n", "");
    Path fhir = write("referral.fhir.json", bundle);

    CliRun result =
        CliRun.of(
            "mapping", "test", "--mapping", FORM_MAPPING.toString(), "--input", fhir.toString());

    assertThat(result.code()).as(result.err()).isEqualTo(ExitCodes.OK);
    assertThat(result.out())
        .contains(
            "\"nhsNumber\" : \"9990000042\"",
            "\"givenNames\" : \"Rosa May\"",
            "\"supportNeeded\" : \"housing\"");
    assertThat(result.err())
        .contains("referral.fhir.json: out: 1 record(s) read, 1 translated, 0 failed");
  }

  @Test
  void printsEveryProblemWithItsRecordAndFieldAndExitsWithOne() throws IOException {
    Path form =
        write(
            "bad.json",
            FORM.replace("999 000 0042", "999 000 0043").replace("housing", "childcare"));

    CliRun result =
        CliRun.of(
            "mapping",
            "test",
            "--mapping",
            FORM_MAPPING.toString(),
            "--input",
            form.toString(),
            "--direction",
            "in");

    assertThat(result.code()).isEqualTo(ExitCodes.NO);
    assertThat(result.out()).isEmpty();
    assertThat(result.err())
        .contains(
            "bad.json: record 1, field nhsNumber: error: The NHS number fails its modulus 11 check digit.",
            "bad.json: record 1, field supportNeeded: error: The value is not a code in table support-need (housing, benefits, employment).",
            "bad.json: in: 1 record(s) read, 0 translated, 1 failed")
        .doesNotContain("0043", "childcare");
  }

  @Test
  void reportsAnInvalidMappingWithFileAndLine() throws IOException {
    Path mapping =
        write(
            "broken.yaml",
            Files.readString(FORM_MAPPING)
                .replace("fhir: Patient.birthDate", "fhir: Patient.birthdate"));
    Path form = write("form.json", FORM);

    CliRun result =
        CliRun.of("mapping", "test", "--mapping", mapping.toString(), "--input", form.toString());

    assertThat(result.code()).isEqualTo(ExitCodes.NO);
    assertThat(result.err())
        .containsPattern("broken\\.yaml:\\d+:11: Patient has no element 'birthdate'");
  }

  @Test
  void refusesAnUnknownDirectionOrMappingAsWrongUsage() throws IOException {
    Path form = write("form.json", FORM);

    assertThat(
            CliRun.of(
                    "mapping",
                    "test",
                    "--mapping",
                    FORM_MAPPING.toString(),
                    "--input",
                    form.toString(),
                    "--direction",
                    "sideways")
                .code())
        .isEqualTo(ExitCodes.USAGE);
    CliRun unknown =
        CliRun.of(
            "mapping",
            "test",
            "--mapping",
            "no-such-mapping",
            "--config-dir",
            "../config",
            "--input",
            form.toString());
    assertThat(unknown.code()).isEqualTo(ExitCodes.USAGE);
    assertThat(unknown.err()).contains("There is no mapping called no-such-mapping");
  }
}
