package org.concordat.adapters.mapping;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.concordat.adapters.fhir.validation.ValidationReport;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Mapping 4, the voluntary-sector referral form (config/mappings/voluntary-referral-form.yaml), on
 * realistic fictional referrals: golden files both ways, every FHIR output valid against UK Core
 * with no errors, and refusals that name the record and field but never the value.
 */
class VoluntaryReferralFormTest {
  private static final String DIR = "voluntary-referral-form/";

  private static MappingResult<Bundle> in(String json) {
    return ReferralForms.ENGINE.in(ReferralForms.form(), json.getBytes(UTF_8), "form.json");
  }

  private static String pretty(Bundle bundle) {
    return ReferralForms.FHIR
            .context()
            .newJsonParser()
            .setPrettyPrint(true)
            .encodeResourceToString(bundle)
        + "\n";
  }

  private static void assertValid(Bundle bundle) {
    ValidationReport report = ReferralForms.validator().validate(bundle);
    assertThat(report.errors()).as(pretty(bundle)).isEmpty();
    for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
      assertThat(ReferralForms.validator().validate(entry.getResource()).errors())
          .as(entry.getResource().fhirType())
          .isEmpty();
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"rosa-whitfield", "desmond-okafor"})
  void turnsEachFormIntoTheGoldenBundleValidAgainstUkCore(String name) {
    byte[] form = ReferralForms.resource(DIR + name + ".form.json");

    MappingResult<Bundle> result =
        ReferralForms.ENGINE.in(ReferralForms.form(), form, name + ".json");

    assertThat(result.problems()).isEmpty();
    assertThat(result.records()).hasSize(1);
    Bundle bundle = result.values().get(0);
    assertThat(pretty(bundle))
        .isEqualTo(new String(ReferralForms.resource(DIR + name + ".fhir.json"), UTF_8));
    assertValid(bundle);
  }

  @ParameterizedTest
  @ValueSource(strings = {"rosa-whitfield", "desmond-okafor"})
  void turnsTheGoldenBundleBackIntoTheForm(String name) {
    byte[] bundle = ReferralForms.resource(DIR + name + ".fhir.json");

    MappingResult<LocalRecord> result =
        ReferralForms.ENGINE.out(ReferralForms.form(), bundle, name + ".fhir.json", Map.of());

    assertThat(result.problems()).isEmpty();
    assertThat(new String(ReferralForms.ENGINE.write(ReferralForms.form(), result.values()), UTF_8))
        .isEqualTo(new String(ReferralForms.resource(DIR + name + ".form.out.json"), UTF_8));
  }

  @Test
  void readsAServiceRequestWithItsPatientContained() {
    Bundle bundle =
        in(new String(ReferralForms.resource(DIR + "rosa-whitfield.form.json"), UTF_8))
            .values()
            .get(0);
    Patient patient = (Patient) bundle.getEntry().get(0).getResource();
    ServiceRequest request = (ServiceRequest) bundle.getEntry().get(1).getResource();
    patient.setId("p1");
    request.addContained(patient);
    request.getSubject().setReference("#p1");
    assertThat(ReferralForms.validator().validate(request).errors()).isEmpty();

    MappingResult<LocalRecord> result = ReferralForms.ENGINE.out(ReferralForms.form(), request);

    assertThat(result.problems()).isEmpty();
    assertThat(result.values().get(0).values())
        .containsEntry("nhsNumber", "9990000042")
        .containsEntry("familyName", "Whitfield")
        .containsEntry("givenNames", "Rosa May")
        .containsEntry("supportNeeded", "housing")
        .containsEntry("consentToShare", "yes");
  }

  @Test
  void refusesAnNhsNumberThatFailsItsCheckDigitNamingTheFieldNotTheNumber() {
    MappingResult<Bundle> result =
        in(
            """
            {"referralId": "VR-1", "person": {"familyName": "Marsh", "nhsNumber": "999 000 0043"},
             "supportNeeded": "benefits", "consentToShare": "yes"}
            """);

    assertThat(result.records()).isEmpty();
    assertThat(result.problems())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.record()).isEqualTo(1);
              assertThat(p.field()).isEqualTo("nhsNumber");
              assertThat(p.message()).isEqualTo("The NHS number fails its modulus 11 check digit.");
              assertThat(p.toString()).doesNotContain("0043");
            });
  }

  @Test
  void reportsEveryProblemOfARecordAtOnce() {
    MappingResult<Bundle> result =
        in(
            """
            {"referralId": "VR-2", "person": {"nhsNumber": "9990000018", "dateOfBirth": "31/02/1970"},
             "supportNeeded": "childcare", "consentToShare": "perhaps"}
            """);

    assertThat(result.problems())
        .extracting(MappingProblem::field, MappingProblem::message)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                "familyName", "The field is required but has no value."),
            org.assertj.core.groups.Tuple.tuple(
                "dateOfBirth", "The value is not a date in the form dd/MM/yyyy."),
            org.assertj.core.groups.Tuple.tuple(
                "supportNeeded",
                "The value is not a code in table support-need (housing, benefits, employment)."),
            org.assertj.core.groups.Tuple.tuple(
                "consentToShare", "The value is not a code in table yes-no (yes, no)."));
    assertThat(result.problems())
        .allSatisfy(p -> assertThat(p.toString()).doesNotContain("childcare", "perhaps", "31/02"));
  }

  @Test
  void failsGoingOutWhenTheSupportCodeIsNotInTheTable() {
    Bundle bundle =
        in(new String(ReferralForms.resource(DIR + "rosa-whitfield.form.json"), UTF_8))
            .values()
            .get(0);
    ServiceRequest request = (ServiceRequest) bundle.getEntry().get(1).getResource();
    request.getCode().getCodingFirstRep().setCode("childcare-support");

    MappingResult<LocalRecord> result = ReferralForms.ENGINE.out(ReferralForms.form(), bundle);

    assertThat(result.records()).isEmpty();
    assertThat(result.problems())
        .extracting(MappingProblem::toString)
        .containsExactly(
            "record 1, field supportNeeded: error: The FHIR code is not in table support-need.");
  }

  @Test
  void givesTheSameBundleForTheSameFormEveryTime() {
    String form = new String(ReferralForms.resource(DIR + "rosa-whitfield.form.json"), UTF_8);

    assertThat(pretty(in(form).values().get(0))).isEqualTo(pretty(in(form).values().get(0)));
    assertThat(pretty(in(form).values().get(0)))
        .isNotEqualTo(pretty(in(form.replace("VR-2026-00417", "VR-2026-00418")).values().get(0)));
  }

  @Test
  void linksTheServiceRequestToItsPatient() {
    Bundle bundle =
        in(new String(ReferralForms.resource(DIR + "rosa-whitfield.form.json"), UTF_8))
            .values()
            .get(0);

    assertThat(bundle.getEntry())
        .extracting(e -> e.getResource().fhirType())
        .containsExactly("Patient", "ServiceRequest");
    ServiceRequest request = (ServiceRequest) bundle.getEntry().get(1).getResource();
    assertThat(request.getSubject().getReference())
        .isEqualTo(bundle.getEntry().get(0).getFullUrl())
        .startsWith("urn:uuid:");
    assertThat(List.of(request.getStatus().toCode(), request.getIntent().toCode()))
        .containsExactly("active", "order");
  }
}
