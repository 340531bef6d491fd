package org.concordat.adapters.fhir.validation;

import static org.assertj.core.api.Assertions.assertThat;

import org.concordat.adapters.fhir.validation.ValidationIssue.Severity;
import org.junit.jupiter.api.Test;

class OfflineTerminologyTest {
  private static final String PASS_THROUGH = "Terminology_PassThrough_TX_Message";

  @Test
  void downgradesAnErrorAboutASnomedCodeToAWarningThatSaysItWasNotChecked() {
    var issue =
        OfflineTerminology.review(
            Severity.ERROR,
            "Terminology_TX_NoValid_1_CC",
            "Patient.communication[0].language",
            "None of the codings provided are in the value set 'All Languages', and a coding from"
                + " this value set is required (codes = http://snomed.info/sct#703963007)");

    assertThat(issue.severity()).isEqualTo(Severity.WARNING);
    assertThat(issue.location()).isEqualTo("Patient.communication[0].language");
    assertThat(issue.isNotCheckedOffline()).isTrue();
    assertThat(issue.message())
        .startsWith("Not checked offline: SNOMED CT (http://snomed.info/sct)")
        .endsWith("(codes = http://snomed.info/sct#703963007)");
  }

  @Test
  void rewordsAWarningThatACodeSystemIsUnknown() {
    var issue =
        OfflineTerminology.review(
            Severity.WARNING,
            PASS_THROUGH,
            "Observation.code",
            "CodeSystem is unknown and can't be validated: http://loinc.org for"
                + " 'http://loinc.org#8867-4'");

    assertThat(issue.severity()).isEqualTo(Severity.WARNING);
    assertThat(issue.message()).startsWith("Not checked offline: LOINC (http://loinc.org)");
  }

  @Test
  void namesEachOfflineSystem() {
    for (var system : OfflineTerminology.SYSTEMS.entrySet()) {
      var issue =
          OfflineTerminology.review(
              Severity.ERROR, PASS_THROUGH, "x", "Unknown code '" + system.getKey() + "#1'");

      assertThat(issue.severity()).isEqualTo(Severity.WARNING);
      assertThat(issue.message())
          .startsWith(
              ValidationIssue.NOT_CHECKED_OFFLINE
                  + system.getValue()
                  + " ("
                  + system.getKey()
                  + ")");
    }
  }

  @Test
  void replacesJavaObjectNamesInFilterMessages() {
    var issue =
        OfflineTerminology.review(
            Severity.WARNING,
            PASS_THROUGH,
            "Encounter.type[0]",
            "Unable to expand ValueSet: cannot apply filters"
                + " '[org.hl7.fhir.r5.model.ValueSet$ConceptSetFilterComponent@45e6d1e0]' because"
                + " CodeSystem 'http://snomed.info/sct' is ignored/not-present");

    assertThat(issue.message())
        .endsWith(
            "Unable to expand ValueSet: cannot apply its filters because CodeSystem"
                + " 'http://snomed.info/sct' is ignored/not-present")
        .doesNotContain("@45e6d1e0");
  }

  @Test
  void leavesAFindingThatIsNotAboutTerminologyAlone() {
    // A profile that fixes the system: a SNOMED CT coding there is wrong, offline or not.
    var issue =
        OfflineTerminology.review(
            Severity.ERROR,
            "Profile_VAL_MissingElement",
            "Observation.code.coding[0].system",
            "Value is 'http://snomed.info/sct' but must be 'http://loinc.org'");

    assertThat(issue)
        .isEqualTo(
            new ValidationIssue(
                Severity.ERROR,
                "Observation.code.coding[0].system",
                "Value is 'http://snomed.info/sct' but must be 'http://loinc.org'"));
  }

  @Test
  void leavesAnErrorAboutACodeSystemThatIsPackagedAlone() {
    var issue =
        OfflineTerminology.review(
            Severity.ERROR,
            PASS_THROUGH,
            "Patient.gender",
            "Unknown code 'http://hl7.org/fhir/administrative-gender#woman'");

    assertThat(issue.severity()).isEqualTo(Severity.ERROR);
    assertThat(issue.isNotCheckedOffline()).isFalse();
  }

  @Test
  void downgradesTheLanguagesValueSetWhoseBindingsArePreferred() {
    var common =
        OfflineTerminology.review(
            Severity.ERROR,
            PASS_THROUGH,
            "Patient.communication[0].language",
            "Code \"bfi\" is not in valueset: http://hl7.org/fhir/ValueSet/languages");
    var all =
        OfflineTerminology.review(
            Severity.ERROR,
            PASS_THROUGH,
            "Patient.communication[0].language",
            "Code \"qqq\" is not in valueset: http://hl7.org/fhir/ValueSet/all-languages");

    assertThat(common.severity()).isEqualTo(Severity.WARNING);
    assertThat(common.message()).startsWith("Code \"bfi\" is not in valueset");
    assertThat(all.severity()).isEqualTo(Severity.ERROR);
  }
}
