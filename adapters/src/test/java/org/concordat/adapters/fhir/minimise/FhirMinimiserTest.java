package org.concordat.adapters.fhir.minimise;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.concordat.adapters.fhir.minimise.Fixtures.FHIR;
import static org.concordat.adapters.fhir.minimise.Fixtures.MINIMISER;
import static org.concordat.adapters.fhir.minimise.Fixtures.allBut;
import static org.concordat.adapters.fhir.minimise.Fixtures.assertExactlyWithheld;
import static org.concordat.adapters.fhir.minimise.Fixtures.category;
import static org.concordat.adapters.fhir.minimise.Fixtures.exampleWith;
import static org.concordat.adapters.fhir.minimise.Fixtures.json;
import static org.concordat.adapters.fhir.minimise.MarkedRecord.CARE_PLAN;
import static org.concordat.adapters.fhir.minimise.MarkedRecord.CONTACTS;
import static org.concordat.adapters.fhir.minimise.MarkedRecord.DEMOGRAPHICS;
import static org.concordat.adapters.fhir.minimise.MarkedRecord.DIAGNOSES;
import static org.concordat.adapters.fhir.minimise.MarkedRecord.ENCOUNTER;
import static org.concordat.adapters.fhir.minimise.MarkedRecord.MENTAL_HEALTH_ACT;
import static org.concordat.adapters.fhir.minimise.MarkedRecord.SAFEGUARDING;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.concordat.adapters.fhir.MessageFormat;
import org.concordat.adapters.fhir.Notices;
import org.concordat.protocols.sharing.CategoryCode;
import org.concordat.protocols.sharing.DataCategory;
import org.concordat.protocols.sharing.Protocol;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Narrative;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class FhirMinimiserTest {

  static Stream<CategoryCode> exampleCategories() {
    return Fixtures.PROTOCOL.categories().stream().map(DataCategory::code);
  }

  // Exactness on a realistic record, category by category

  @ParameterizedTest
  @MethodSource("exampleCategories")
  void withholdingOneCategoryRemovesExactlyItsValues(CategoryCode withheld) {
    MarkedRecord record = MarkedRecord.realistic();
    Fixtures.assertWellFormed(record);

    MinimisedContent minimised = MINIMISER.minimise(record.bundle, allBut(Set.of(withheld)));

    assertExactlyWithheld(record, Set.of(withheld), minimised);
    assertThat(minimised.withheld()).containsExactly(withheld);
  }

  @ParameterizedTest
  @MethodSource("exampleCategories")
  void permittingOneCategoryKeepsExactlyItsValuesAndWhatNoCategorySelects(CategoryCode permitted) {
    MarkedRecord record = MarkedRecord.realistic();
    Set<CategoryCode> withheld = allBut(Set.of(permitted));

    MinimisedContent minimised = MINIMISER.minimise(record.bundle, Set.of(permitted));

    assertExactlyWithheld(record, withheld, minimised);
  }

  @Test
  void theRealisticRecordHasValuesOfEveryCategoryThatSelectsFhir() {
    MarkedRecord record = MarkedRecord.realistic();
    for (DataCategory category : Fixtures.PROTOCOL.categories()) {
      if (!category.fhirPaths().isEmpty()) {
        assertThat(record.marks)
            .as(category.code().value())
            .anyMatch(m -> m.categories().contains(category.code()));
      }
    }
  }

  @Test
  void permittingEverythingChangesNothing() {
    MarkedRecord record = MarkedRecord.realistic();

    MinimisedContent minimised = MINIMISER.minimise(record.bundle, MINIMISER.categories());

    assertThat(json(minimised)).isEqualTo(FHIR.toJson(record.bundle));
    assertThat(minimised.changed()).isFalse();
    assertThat(minimised.retained()).isEmpty();
  }

  @Test
  void leavesItsInputAlone() {
    MarkedRecord record = MarkedRecord.realistic();
    String before = FHIR.toJson(record.bundle);

    MinimisedContent minimised = MINIMISER.minimise(record.bundle, Set.of(DEMOGRAPHICS));

    assertThat(FHIR.toJson(record.bundle)).isEqualTo(before);
    assertThat(minimised.content()).isNotSameAs(record.bundle);
  }

  // The discharge notice sample

  private static Bundle dischargeNotice() {
    return FHIR.strictParser(MessageFormat.JSON)
        .parseResource(Bundle.class, Notices.text(Notices.DISCHARGE_TO_COUNCIL));
  }

  @Test
  void aDischargeNoticeUnderItsFlowLosesOnlyTheTelephoneNumber() {
    // RXA -> XLA001 for hospital discharge permits demographics and encounter.
    Bundle notice = dischargeNotice();

    MinimisedContent minimised = MINIMISER.minimise(notice, Set.of(DEMOGRAPHICS, ENCOUNTER));

    assertThat(minimised.removals())
        .containsExactly(new Removal(Removal.Kind.ELEMENT, "Patient.telecom", Set.of(CONTACTS), 1));
    String json = json(minimised);
    assertThat(json).doesNotContain("01632 960123").contains("01632 960555"); // the ward's phone
  }

  @Test
  void aDischargeNoticeWithoutDemographicsKeepsTheNhsNumberIdsAndMeta() {
    Bundle notice = dischargeNotice();

    String json = json(MINIMISER.minimise(notice, Set.of(ENCOUNTER)));

    assertThat(json)
        .doesNotContain("\"family\":\"Ashworth\"", "Margaret", "1938-07-14", "NM4 7QT", "female")
        .contains(
            "9990000018",
            "\"id\":\"c5e6f708-91a2-4b34-85d6-e7f8091a2b35\"",
            "UKCore-Patient",
            "\"type\":\"message\"",
            "975731000000100")
        // Not selected by any category of the example protocol, so they stay: see
        // docs/minimisation.md, "What the example protocol does not cover".
        .contains("14 Weaver Row", "Ashworth-Pell", "07700 900456");
  }

  @Test
  void aDischargeNoticeWithoutTheEncounterLosesItsEntryAndTheReferenceToIt() {
    Bundle notice = dischargeNotice();

    MinimisedContent minimised = MINIMISER.minimise(notice, Set.of(DEMOGRAPHICS));

    assertThat(minimised.removals())
        .containsExactly(
            new Removal(Removal.Kind.RESOURCE, "Encounter", Set.of(ENCOUNTER), 1),
            new Removal(Removal.Kind.ELEMENT, "Patient.telecom", Set.of(CONTACTS), 1),
            new Removal(Removal.Kind.REFERENCE, "ServiceRequest.encounter", Set.of(ENCOUNTER), 1));
    Bundle output = (Bundle) minimised.content();
    assertThat(output.getEntry()).hasSize(notice.getEntry().size() - 1);
    assertThat(json(minimised))
        .doesNotContain("b4d5e6f7-8091-4a23-b4c5-d6e7f8091a24", "ENC-77812", "2025-03-03T14:20");
  }

  @Test
  void aDischargeNoticeIsUnchangedByCategoriesItDoesNotCarry() {
    Bundle notice = dischargeNotice();
    Set<CategoryCode> carried = Set.of(DEMOGRAPHICS, CONTACTS, ENCOUNTER);

    MinimisedContent minimised = MINIMISER.minimise(notice, carried);

    assertThat(minimised.changed()).isFalse();
    assertThat(json(minimised)).isEqualTo(FHIR.toJson(notice));
  }

  // Selections

  @Test
  void evaluatesTypeSuffixedChoiceNamesAsStandardFhirPath() {
    assertThat(MINIMISER.selections())
        .extracting(Selection::source, Selection::evaluated)
        .contains(
            org.assertj.core.groups.Tuple.tuple(
                "Condition.onsetDateTime", "Condition.onset.ofType(dateTime)"),
            org.assertj.core.groups.Tuple.tuple(
                "MedicationStatement.medicationCodeableConcept",
                "MedicationStatement.medication.ofType(CodeableConcept)"),
            org.assertj.core.groups.Tuple.tuple(
                "Observation.where(category.coding.code = 'housing').value",
                "Observation.where(category.coding.code = 'housing').value"));
  }

  @Test
  void aChoiceNameSelectsOnlyItsOwnType() {
    Condition condition = new Condition();
    condition.setId("onset-as-period");
    condition.setOnset(new Period().setStartElement(new DateTimeType("2011-04-01")));
    condition.setSubject(new Reference("Patient/p1"));

    MinimisedContent minimised = MINIMISER.minimise(condition, allBut(Set.of(DIAGNOSES)));

    // Condition.onsetDateTime does not select an onsetPeriod.
    assertThat(minimised.changed()).isFalse();
    assertThat(json(minimised)).contains("2011-04-01");
  }

  @Test
  void refusesASelectionNamingAnElementR4DoesNotDefine() {
    Protocol protocol = exampleWith(category("misspelt", "Patient: [Patient.nmae]"));

    assertThatThrownBy(() -> new FhirMinimiser(protocol, Fixtures.context()))
        .isInstanceOf(UnusableSelectionException.class)
        .hasMessageStartingWith(
            "The selection Patient.nmae of the category misspelt does not fit the FHIR R4"
                + " definition of Patient")
        .satisfies(
            e -> {
              UnusableSelectionException unusable = (UnusableSelectionException) e;
              assertThat(unusable.category()).isEqualTo(CategoryCode.of("misspelt"));
              assertThat(unusable.selection()).isEqualTo("Patient.nmae");
            });
  }

  @Test
  void refusesASelectionThatIsNotFhirPath() {
    Protocol protocol = exampleWith(category("broken", "Patient: [\"Patient.name.where(\"]"));

    assertThatThrownBy(() -> new FhirMinimiser(protocol, Fixtures.context()))
        .isInstanceOf(UnusableSelectionException.class)
        .hasMessageStartingWith(
            "The selection Patient.name.where( of the category broken is not valid FHIRPath");
  }

  @Test
  void refusesASelectionOfComputedValuesWhenItMeetsOne() {
    Protocol protocol =
        exampleWith(category("computed", "Patient: [\"Patient.name.family + ' (withheld)'\"]"));
    FhirMinimiser minimiser = new FhirMinimiser(protocol, Fixtures.context());
    MarkedRecord record = MarkedRecord.realistic();

    assertThatThrownBy(() -> minimiser.minimise(record.bundle, Set.of(DEMOGRAPHICS)))
        .isInstanceOf(UnusableSelectionException.class)
        .hasMessageContaining("selects a computed string, not an element of the record")
        .hasMessageNotContaining("Thistlewood");
  }

  @Test
  void refusesAPermittedCategoryTheProtocolDoesNotDefine() {
    MarkedRecord record = MarkedRecord.realistic();

    assertThatThrownBy(
            () -> MINIMISER.minimise(record.bundle, Set.of(CategoryCode.of("star-signs"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "The category star-signs is not defined in the protocol northmoor-integrated-care");
  }

  @Test
  void aFilterWrittenWithEqualsMissesAFlagCodedTwice() {
    // FHIRPath '=' compares whole collections: a Flag with two category codings is not
    // "category.coding.code = 'safeguarding'". Protocols should filter with 'contains'.
    Flag flag = safeguardingFlagCodedTwice();
    Protocol fixed =
        exampleWith(
            category(
                "safeguarding-by-contains",
                "Flag: [\"Flag.where(category.coding.code contains 'safeguarding').code\"]"));
    FhirMinimiser withContains = new FhirMinimiser(fixed, Fixtures.context());

    assertThat(MINIMISER.minimise(flag, allBut(Set.of(SAFEGUARDING))).changed()).isFalse();
    MinimisedContent minimised =
        withContains.minimise(
            flag,
            allBut(
                withContains, Set.of(SAFEGUARDING, CategoryCode.of("safeguarding-by-contains"))));
    assertThat(json(minimised)).doesNotContain("Cuckooing");
  }

  private static Flag safeguardingFlagCodedTwice() {
    Flag flag = new Flag();
    flag.setId("coded-twice");
    flag.setSubject(new Reference("Patient/p1"));
    flag.addCategory(
        new CodeableConcept(new Coding("https://concordat.example/flag", "safeguarding", null))
            .addCoding(new Coding("http://snomed.info/sct", "225337009", null)));
    flag.getCode().setText("Cuckooing: home taken over by others");
    return flag;
  }

  // Overlaps: permitted wins

  @Test
  void keepsWhatAPermittedCategoryAlsoSelects() {
    MarkedRecord record = MarkedRecord.realistic();

    MinimisedContent minimised =
        MINIMISER.minimise(record.bundle, allBut(Set.of(MENTAL_HEALTH_ACT)));

    // Flag.period is in both mental-health-act-status and safeguarding-concerns.
    assertThat(minimised.retained())
        .containsExactly(new Retained("Flag.period", Set.of(SAFEGUARDING), 2));
    assertThat(minimised.removals())
        .containsExactly(
            new Removal(Removal.Kind.ELEMENT, "Flag.status", Set.of(MENTAL_HEALTH_ACT), 2),
            new Removal(Removal.Kind.ELEMENT, "Flag.code", Set.of(MENTAL_HEALTH_ACT), 1));
  }

  @Test
  void aWithheldElementKeepsThePartsAPermittedCategorySelects() {
    Protocol protocol = exampleWith(category("home-address", "Patient: [Patient.address]"));
    FhirMinimiser minimiser = new FhirMinimiser(protocol, Fixtures.context());
    MarkedRecord record = MarkedRecord.realistic();
    CategoryCode homeAddress = CategoryCode.of("home-address");

    MinimisedContent withoutAddress =
        minimiser.minimise(record.bundle, allBut(minimiser, Set.of(homeAddress)));
    MinimisedContent withoutPostcode =
        minimiser.minimise(record.bundle, allBut(minimiser, Set.of(DEMOGRAPHICS)));

    assertThat(json(withoutAddress)).contains("NM9 2XB").doesNotContain("7 Kiln Lane");
    assertThat(withoutAddress.removals())
        .containsExactly(
            new Removal(Removal.Kind.ELEMENT, "Patient.address.line", Set.of(homeAddress), 1));
    assertThat(json(withoutPostcode)).contains("NM9 2XB", "7 Kiln Lane");
    assertThat(withoutPostcode.retained())
        .containsExactly(new Retained("Patient.address.postalCode", Set.of(homeAddress), 1));
  }

  // The resource rule and references

  @Test
  void neverRemovesThePatientOrTheMessageHeaderWhole() {
    MarkedRecord record = MarkedRecord.realistic();

    MinimisedContent minimised = MINIMISER.minimise(record.bundle, Set.of(CARE_PLAN));

    Bundle output = (Bundle) minimised.content();
    assertThat(output.getType()).isEqualTo(Bundle.BundleType.MESSAGE);
    assertThat(output.getEntry())
        .extracting(e -> e.getResource().fhirType())
        .containsExactly("MessageHeader", "ServiceRequest", "Patient", "CarePlan", "Observation");
    Patient patient = (Patient) output.getEntry().get(2).getResource();
    assertThat(patient.getIdentifierFirstRep().getValue()).isEqualTo("9990004275");
    assertThat(patient.getMeta().getProfile()).hasSize(1);
    assertThat(patient.hasName()).isFalse();
    assertThat(patient.getAddressFirstRep().getLine()).hasSize(1);
  }

  @Test
  void aCategorySelectingAWholeResourceRemovesItAndTheReferencesToIt() {
    Protocol protocol =
        exampleWith(
            category(
                "detentions",
                "Flag: [\"Flag.where(category.coding.code = 'mental-health-act')\"]"));
    FhirMinimiser minimiser = new FhirMinimiser(protocol, Fixtures.context());
    MarkedRecord record = MarkedRecord.realistic();
    CategoryCode detentions = CategoryCode.of("detentions");

    MinimisedContent minimised = minimiser.minimise(record.bundle, Set.of(DEMOGRAPHICS));

    assertThat(minimised.removals())
        .filteredOn(r -> r.categories().contains(detentions))
        .containsExactly(
            new Removal(Removal.Kind.RESOURCE, "Flag", Set.of(detentions), 1),
            new Removal(
                Removal.Kind.REFERENCE, "ServiceRequest.supportingInfo", Set.of(detentions), 1));
    assertThat(json(minimised)).doesNotContain("Detained under section 3", "FLG-3302");
  }

  @Test
  void aCategorySelectingThePatientWholeRemovesItAndOnlyIdAndMetaStayWhenItIsTheRoot() {
    Protocol protocol = exampleWith(category("whole-person", "Patient: [Patient]"));
    FhirMinimiser minimiser = new FhirMinimiser(protocol, Fixtures.context());
    MarkedRecord record = MarkedRecord.realistic();
    CategoryCode wholePerson = CategoryCode.of("whole-person");
    Patient patient = (Patient) record.bundle.getEntry().get(2).getResource();

    MinimisedContent fromBundle = minimiser.minimise(record.bundle, Set.of(CARE_PLAN));
    MinimisedContent alone = minimiser.minimise(patient, Set.of(CARE_PLAN));

    assertThat(((Bundle) fromBundle.content()).getEntry())
        .extracting(e -> e.getResource().fhirType())
        .containsExactly("MessageHeader", "ServiceRequest", "CarePlan", "Observation");
    assertThat(fromBundle.removals())
        .contains(
            new Removal(Removal.Kind.RESOURCE, "Patient", Set.of(wholePerson), 1),
            new Removal(Removal.Kind.REFERENCE, "CarePlan.subject", Set.of(wholePerson), 1));
    assertThat(json(fromBundle)).doesNotContain("9990004275", "7 Kiln Lane");
    assertThat(json(alone))
        .isEqualTo(
            "{\"resourceType\":\"Patient\",\"id\":\""
                + patient.getIdPart()
                + "\",\"meta\":{\"profile\":"
                + "[\"https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient\"]}}");
  }

  @Test
  void removesAContainedResourceAndTheReferenceToIt() {
    CarePlan plan = new CarePlan();
    plan.setId("plan-with-contained");
    plan.setStatus(CarePlan.CarePlanStatus.ACTIVE);
    plan.setIntent(CarePlan.CarePlanIntent.PLAN);
    plan.setSubject(new Reference("Patient/p1"));
    plan.setTitle("Recovery plan after relapse");
    Condition condition = new Condition();
    condition.setId("dx1");
    condition.setSubject(new Reference("Patient/p1"));
    condition.getCode().setText("Schizoaffective disorder");
    plan.addContained(condition);
    plan.addAddresses(new Reference("#dx1"));

    MinimisedContent minimised = MINIMISER.minimise(plan, Set.of(CARE_PLAN));

    assertThat(json(minimised))
        .contains("Recovery plan after relapse")
        .doesNotContain("Schizoaffective", "\"contained\"", "addresses", "#dx1");
    assertThat(minimised.removals())
        .containsExactly(
            new Removal(Removal.Kind.RESOURCE, "Condition", Set.of(DIAGNOSES), 1),
            new Removal(Removal.Kind.REFERENCE, "CarePlan.addresses", Set.of(DIAGNOSES), 1));
  }

  @Test
  void dropsElementsLeftEmpty() {
    Patient patient = new Patient();
    patient.setId("p1");
    patient.addAddress().setPostalCode("NM2 8RT");

    MinimisedContent minimised = MINIMISER.minimise(patient, Set.of(CONTACTS));

    assertThat(json(minimised)).isEqualTo("{\"resourceType\":\"Patient\",\"id\":\"p1\"}");
    assertThat(((Patient) minimised.content()).hasAddress()).isFalse();
  }

  // Text that restates removed values

  @Test
  void removesNarrativesAndDisplaysThatMayRestateRemovedValues() {
    Bundle bundle = new Bundle();
    bundle.setType(Bundle.BundleType.MESSAGE);
    MessageHeader header = new MessageHeader();
    header.setId("h1");
    header.setEvent(new Coding("http://snomed.info/sct", "975731000000100", null));
    Patient patient = new Patient();
    patient.setId("p1");
    patient.addName().setFamily("Thistlewood").addGiven("Rosalind");
    patient.setText(narrative("Rosalind Thistlewood, born 1941"));
    ServiceRequest request = new ServiceRequest();
    request.setId("sr1");
    request.setSubject(new Reference("urn:uuid:p1").setDisplay("Rosalind Thistlewood"));
    request.setText(narrative("Discharge of Rosalind Thistlewood"));
    request.addPerformer(new Reference("urn:uuid:o1").setDisplay("Northmoorshire Adult Care"));
    org.hl7.fhir.r4.model.Organization council = new org.hl7.fhir.r4.model.Organization();
    council.setId("o1");
    council.setName("Northmoorshire Adult Care");
    council.setText(narrative("Northmoorshire County Council adult social care"));
    header.addFocus(new Reference("urn:uuid:sr1"));
    for (Resource resource : List.of(header, request, patient, council)) {
      bundle.addEntry().setFullUrl("urn:uuid:" + resource.getIdPart()).setResource(resource);
    }

    MinimisedContent minimised = MINIMISER.minimise(bundle, Set.of(CONTACTS));

    assertThat(json(minimised))
        .doesNotContain("Rosalind", "Thistlewood")
        .contains("Northmoorshire County Council adult social care", "Northmoorshire Adult Care");
    assertThat(minimised.removals())
        .containsExactly(
            new Removal(Removal.Kind.ELEMENT, "Patient.name", Set.of(DEMOGRAPHICS), 1),
            new Removal(
                Removal.Kind.REFERENCE_DISPLAY,
                "ServiceRequest.subject.display",
                Set.of(DEMOGRAPHICS),
                1),
            new Removal(Removal.Kind.NARRATIVE, "ServiceRequest.text", Set.of(DEMOGRAPHICS), 1),
            new Removal(Removal.Kind.NARRATIVE, "Patient.text", Set.of(DEMOGRAPHICS), 1));
  }

  private static Narrative narrative(String text) {
    Narrative narrative = new Narrative();
    narrative.setStatus(Narrative.NarrativeStatus.GENERATED);
    narrative.setDivAsString("<div xmlns=\"http://www.w3.org/1999/xhtml\">" + text + "</div>");
    return narrative;
  }

  // The account

  @Test
  void accountsByPathAndCountWithoutValues() {
    MarkedRecord record = MarkedRecord.realistic();

    MinimisedContent minimised = MINIMISER.minimise(record.bundle, Set.of(DEMOGRAPHICS));

    String account = minimised.toString();
    assertThat(minimised.count(Removal.Kind.RESOURCE)).isEqualTo(11);
    for (MarkedRecord.Mark mark : record.marks) {
      if (mark.value() != null) {
        assertThat(account).doesNotContain(mark.value());
      }
    }
    assertThat(account)
        .startsWith("MinimisedContent[Bundle, withheld=[benefits, care-plan, contacts,");
  }

  // Sharing one minimiser

  @Test
  void givesTheSameResultOnManyThreadsAtOnce() throws Exception {
    MarkedRecord record = MarkedRecord.realistic();
    Set<CategoryCode> permitted = Set.of(DEMOGRAPHICS, SAFEGUARDING, CARE_PLAN);
    String expected = json(MINIMISER.minimise(record.bundle, permitted));
    String input = FHIR.toJson(record.bundle);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<String>> results = new ArrayList<>();
      for (int i = 0; i < 64; i++) {
        results.add(
            pool.submit(
                () -> {
                  Bundle copy =
                      FHIR.strictParser(MessageFormat.JSON).parseResource(Bundle.class, input);
                  return json(MINIMISER.minimise(copy, permitted));
                }));
      }
      for (Future<String> result : results) {
        assertThat(result.get()).isEqualTo(expected);
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
