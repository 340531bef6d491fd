package org.concordat.adapters.mapping;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.concordat.adapters.fhir.MessageFormat;
import org.concordat.adapters.fhir.validation.ValidationIssue;
import org.concordat.adapters.fhir.validation.ValidationReport;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.EpisodeOfCare;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.RelatedPerson;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.Test;

/**
 * Mapping 2 (config/mappings/asc-cld-to-uk-core.yaml): a council's adult social care extract in the
 * shape of the ASC client level data, to UK Core FHIR and back, on four realistic fictional people.
 * Golden files both ways; every Bundle and every resource in it valid against UK Core with no
 * errors; a malformed record fails alone, with its record number; each code table's rule for codes
 * it does not list.
 */
class AscCldToUkCoreTest {
  static final Path MAPPING_FILE = ReferralForms.MAPPINGS.resolve("asc-cld-to-uk-core.yaml");
  static final Mapping MAPPING = Mappings.read(MAPPING_FILE);
  private static final String DIR = "asc-cld-to-uk-core/";
  static final String ETHNICITY_EXTENSION =
      "https://fhir.hl7.org.uk/StructureDefinition/Extension-UKCore-EthnicCategory";
  static final String ETHNIC_CATEGORY =
      "https://fhir.hl7.org.uk/CodeSystem/UKCore-EthnicCategoryEngland";

  static MappingResult<Bundle> in(String csv) {
    return ReferralForms.ENGINE.in(MAPPING, csv.getBytes(UTF_8), "people.csv");
  }

  static String pretty(Bundle bundle) {
    return ReferralForms.FHIR
            .context()
            .newJsonParser()
            .setPrettyPrint(true)
            .encodeResourceToString(bundle)
        + "\n";
  }

  /** No errors in the Bundle, nor in any of its resources validated alone against its profile. */
  static void assertValidAgainstUkCore(Bundle bundle) {
    ValidationReport report = ReferralForms.validator().validate(bundle);
    assertThat(report.errors()).as(pretty(bundle)).isEmpty();
    for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
      assertThat(ReferralForms.validator().validate(entry.getResource()).errors())
          .as(entry.getResource().fhirType())
          .extracting(ValidationIssue::message)
          .isEmpty();
    }
  }

  private static String people() {
    return new String(ReferralForms.resource(DIR + "people.csv"), UTF_8);
  }

  private static String header() {
    return people().substring(0, people().indexOf("\r\n") + 2);
  }

  private static List<String> rows() {
    String[] lines = people().split("\r\n");
    return List.of(lines).subList(1, lines.length);
  }

  @Test
  void turnsEachRowIntoItsGoldenBundleValidAgainstUkCore() {
    MappingResult<Bundle> result =
        ReferralForms.ENGINE.in(MAPPING, ReferralForms.resource(DIR + "people.csv"), "people.csv");

    assertThat(result.recordsRead()).isEqualTo(4);
    assertThat(result.failedRecords()).isEmpty();
    // Row 4's carer is a niece, which the relationship table does not list: "not specified".
    assertThat(result.problems())
        .extracting(MappingProblem::toString)
        .containsExactly(
            "record 4, field Carer_Relationship: warning: The value is not in table"
                + " carer-relationship; its default Not specified was used.");
    for (MappingResult.Translated<Bundle> record : result.records()) {
      assertThat(pretty(record.value()))
          .as("record %d", record.record())
          .isEqualTo(golden(record.record()));
      assertValidAgainstUkCore(record.value());
    }
  }

  @Test
  void turnsTheGoldenBundlesBackIntoTheExtract() {
    List<Bundle> bundles = new ArrayList<>();
    for (int record = 1; record <= 4; record++) {
      bundles.add(
          (Bundle)
              ReferralForms.FHIR.strictParser(MessageFormat.JSON).parseResource(golden(record)));
    }

    MappingResult<LocalRecord> result = ReferralForms.ENGINE.out(MAPPING, bundles, Map.of());

    assertThat(result.problems()).isEmpty();
    String written = new String(ReferralForms.ENGINE.write(MAPPING, result.values()), UTF_8);
    assertThat(written)
        .isEqualTo(new String(ReferralForms.resource(DIR + "people.out.csv"), UTF_8));
    // The same as the input but for the two documented differences: the leading-quote guard on a
    // phone number that starts with +, and the niece who became "Not specified".
    assertThat(written)
        .isEqualTo(
            people()
                .replace(",+44 1632 960777", ",'+44 1632 960777")
                .replace(",Niece,", ",Not specified,"));
  }

  @Test
  void buildsTheResourcesOfARowLinkedToThePatient() {
    Bundle bundle = in(header() + rows().get(0) + "\r\n").values().get(0);

    assertThat(bundle.getEntry())
        .extracting(e -> e.getResource().fhirType())
        .containsExactly(
            "Patient", "EpisodeOfCare", "ServiceRequest", "QuestionnaireResponse", "RelatedPerson");
    String patient = bundle.getEntry().get(0).getFullUrl();
    EpisodeOfCare episode = (EpisodeOfCare) bundle.getEntry().get(1).getResource();
    ServiceRequest service = (ServiceRequest) bundle.getEntry().get(2).getResource();
    QuestionnaireResponse assessment =
        (QuestionnaireResponse) bundle.getEntry().get(3).getResource();
    RelatedPerson carer = (RelatedPerson) bundle.getEntry().get(4).getResource();
    assertThat(episode.getPatient().getReference()).isEqualTo(patient);
    assertThat(episode.getReferralRequestFirstRep().getReference())
        .isEqualTo(bundle.getEntry().get(2).getFullUrl());
    assertThat(service.getSubject().getReference()).isEqualTo(patient);
    assertThat(assessment.getSubject().getReference()).isEqualTo(patient);
    assertThat(carer.getPatient().getReference()).isEqualTo(patient);
    assertThat(carer.getRelationship())
        .extracting(c -> c.getCodingFirstRep().getCode())
        .containsExactly("Carer", "DAUC");
  }

  @Test
  void buildsNoRelatedPersonWhenNoCarerColumnHasAValue() {
    Bundle bundle = in(header() + rows().get(1) + "\r\n").values().get(0);

    assertThat(bundle.getEntry())
        .extracting(e -> e.getResource().fhirType())
        .doesNotContain("RelatedPerson");
  }

  @Test
  void failsAMalformedRecordAloneWithItsRecordNumberAndNeverItsValues() {
    List<String> rows = rows();
    String csv =
        header()
            + rows.get(0)
            + "\r\n"
            // record 2: an NHS number whose check digit is wrong
            + rows.get(1).replace("9990000212", "9990000213")
            + "\r\n"
            // record 3: 31 February, and a service type the table does not list
            + rows.get(2)
                .replace("23/04/1951", "31/02/1951")
                .replace("Short Term Support: ST-Max", "Short Term Support: Respite")
            + "\r\n"
            // record 4: a column missing
            + rows.get(3).substring(0, rows.get(3).lastIndexOf(','))
            + "\r\n"
            + rows.get(0).replace("9990000204", "9990000247")
            + "\r\n";

    MappingResult<Bundle> result = in(csv);

    assertThat(result.recordsRead()).isEqualTo(5);
    assertThat(result.records()).extracting(MappingResult.Translated::record).containsExactly(1, 5);
    assertThat(result.failedRecords()).containsExactly(2, 3, 4);
    assertThat(result.errors())
        .extracting(MappingProblem::record, MappingProblem::field, MappingProblem::message)
        .containsExactly(
            tuple(2, "NHS_Number", "The NHS number fails its modulus 11 check digit."),
            tuple(3, "Date_of_Birth", "The value is not a date in the form dd/MM/yyyy."),
            tuple(
                3,
                "Service_Type",
                "The value is not a code in table service-type (Long Term Support: Community,"
                    + " Long Term Support: Nursing Care, Long Term Support: Residential Care, Long"
                    + " Term Support: Prison, Short Term Support: ST-Max, Short Term Support:"
                    + " Ongoing Low Level, Short Term Support: Other Short Term, Unpaid Carer"
                    + " Support: Direct to Unpaid Carer, Unpaid Carer Support: Support involving"
                    + " the person cared-for)."),
            tuple(4, null, "The row on line 5 has 23 fields; the header has 24."));
    assertThat(result.problems())
        .allSatisfy(p -> assertThat(p.toString()).doesNotContain("9990000213", "31/02", "Respite"));
    assertThat(result.values()).allSatisfy(AscCldToUkCoreTest::assertValidAgainstUkCore);
  }

  @Test
  void refusesARowWithoutARequiredField() {
    MappingResult<Bundle> result =
        in(header() + rows().get(0).replace(",Y01234,Female,", ",Y01234,,") + "\r\n");

    assertThat(result.errors())
        .extracting(MappingProblem::toString)
        .containsExactly("record 1, field Gender: error: The field is required but has no value.");
  }

  @Test
  void givesAnUnknownEthnicityAsNotKnownWithAWarning() {
    MappingResult<Bundle> result =
        in(
            header()
                + rows().get(1).replace("Asian or Asian British: Pakistani", "Cornish")
                + "\r\n");

    assertThat(result.failedRecords()).isEmpty();
    assertThat(result.problems())
        .extracting(MappingProblem::toString)
        .containsExactly(
            "record 1, field Ethnicity: warning: The value is not in table ethnicity; its default"
                + " No data: Undeclared or not known was used.");
    assertThat(ethnicity(patient(result.values().get(0))).getCoding())
        .extracting(Coding::getSystem, Coding::getCode)
        .containsExactly(tuple(ETHNIC_CATEGORY, "99"));
  }

  @Test
  void keepsThe2021CategoryBesideTheNhsCodeThatCoversIt() {
    Bundle bundle = in(header() + rows().get(2) + "\r\n").values().get(0);
    CodeableConcept ethnicity = ethnicity(patient(bundle));

    assertThat(ethnicity.getCoding())
        .extracting(Coding::getSystem, Coding::getCode)
        .containsExactly(
            tuple(ETHNIC_CATEGORY, "C"),
            tuple(
                "https://fhir.concordat.example/CodeSystem/ethnic-category-2021",
                "gypsy-or-irish-traveller"));
    assertThat(ReferralForms.ENGINE.out(MAPPING, bundle).values().get(0).get("Ethnicity"))
        .isEqualTo("White: Gypsy or Irish Traveller");

    // From a system that sends only the NHS code, the category is the one the code names.
    ethnicity.getCoding().remove(1);
    assertThat(ReferralForms.ENGINE.out(MAPPING, bundle).values().get(0).get("Ethnicity"))
        .isEqualTo("White: Any other White background");
  }

  @Test
  void passesAServiceComponentTheTableDoesNotListAsTheCouncilsOwnCode() {
    Bundle bundle = in(header() + rows().get(3) + "\r\n").values().get(0);
    ServiceRequest service = (ServiceRequest) bundle.getEntry().get(2).getResource();

    assertThat(service.getCode().getCoding())
        .extracting(Coding::getSystem, Coding::getCode)
        .containsExactly(
            tuple(
                "https://fhir.northmoorshire.example/CodeSystem/service-component",
                "Meals at Home"));
    assertThat(ReferralForms.ENGINE.out(MAPPING, bundle).values().get(0).get("Service_Component"))
        .isEqualTo("Meals at Home");
  }

  @Test
  void failsGoingOutWhenTheServiceTypeIsNotInTheTable() {
    Bundle bundle = in(header() + rows().get(0) + "\r\n").values().get(0);
    ((ServiceRequest) bundle.getEntry().get(2).getResource())
        .getCategoryFirstRep()
        .getCodingFirstRep()
        .setCode("long-term-respite");

    MappingResult<LocalRecord> result = ReferralForms.ENGINE.out(MAPPING, bundle);

    assertThat(result.records()).isEmpty();
    assertThat(result.problems())
        .extracting(MappingProblem::toString)
        .containsExactly(
            "record 1, field Service_Type: error: The FHIR code is not in table service-type.");
  }

  // ---- helpers --------------------------------------------------------------------------------

  private static String golden(int record) {
    return new String(
        ReferralForms.resource(DIR + "people.record-" + record + ".fhir.json"), UTF_8);
  }

  static Patient patient(Bundle bundle) {
    return (Patient) bundle.getEntry().get(0).getResource();
  }

  static CodeableConcept ethnicity(Patient patient) {
    return (CodeableConcept) patient.getExtensionByUrl(ETHNICITY_EXTENSION).getValue();
  }
}
