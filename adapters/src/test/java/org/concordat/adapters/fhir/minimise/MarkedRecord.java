package org.concordat.adapters.fhir.minimise;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.concordat.protocols.sharing.CategoryCode;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CarePlan;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.Flag;
import org.hl7.fhir.r4.model.MedicationStatement;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Observation;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.RiskAssessment;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.StringType;
import org.jspecify.annotations.Nullable;

/**
 * A fictional record for minimisation tests in which every value that a category of the example
 * protocol selects is a mark (as are some values that no category selects), so a test can say
 * exactly which marks must survive when some categories are withheld, and check each one in the
 * serialised output. Text and date marks are searched for in the JSON; coded values that cannot be
 * unique strings (statuses, gender) are checked on the minimised resource.
 */
final class MarkedRecord {
  static final CategoryCode DEMOGRAPHICS = CategoryCode.of("demographics");
  static final CategoryCode CONTACTS = CategoryCode.of("contacts");
  static final CategoryCode ENCOUNTER = CategoryCode.of("encounter");
  static final CategoryCode DIAGNOSES = CategoryCode.of("diagnoses");
  static final CategoryCode MEDICATIONS = CategoryCode.of("medications");
  static final CategoryCode MENTAL_HEALTH_ACT = CategoryCode.of("mental-health-act-status");
  static final CategoryCode CARE_PLAN = CategoryCode.of("care-plan");
  static final CategoryCode ASSESSMENT = CategoryCode.of("social-care-assessment");
  static final CategoryCode HOUSING = CategoryCode.of("housing");
  static final CategoryCode RISK = CategoryCode.of("risk");
  static final CategoryCode SAFEGUARDING = CategoryCode.of("safeguarding-concerns");

  /** Resources that the resource rule never removes whole. */
  private static final Set<String> NEVER_REMOVED_WHOLE = Set.of("MessageHeader", "Patient");

  /** How many of each kind of resource, and which optional elements to fill. */
  record Shape(
      boolean encounter,
      int conditions,
      int medications,
      int safeguardingFlags,
      int mentalHealthActFlags,
      boolean carePlan,
      boolean riskAssessment,
      int housingObservations,
      boolean otherObservation,
      boolean assessment) {
    static Shape full() {
      return new Shape(true, 2, 2, 1, 1, true, true, 1, true, true);
    }
  }

  /** Supplies the values: realistic ones, or generated marks. */
  interface Values {
    String text(String hint);

    /** A date, {@code yyyy-mm-dd}, unlike any other in the record. */
    String date(String hint);
  }

  /**
   * One value to look for.
   *
   * @param value the text to search the JSON for; null for a coded value checked on the resource
   * @param categories the categories whose selections select it (empty: none does)
   * @param resourceId the resource that holds it
   */
  record Mark(
      String label,
      @Nullable String value,
      Set<CategoryCode> categories,
      String resourceId,
      Check check) {
    @Override
    public String toString() {
      return label + categories;
    }
  }

  /** Whether a mark is present in minimised content. */
  interface Check {
    boolean presentIn(String json, Bundle bundle);
  }

  final Bundle bundle = new Bundle();
  final List<Mark> marks = new ArrayList<>();
  private final Map<String, String> types = new LinkedHashMap<>();
  private final Values values;
  private final BooleanSupplier include;
  private final ServiceRequest request = new ServiceRequest();

  private MarkedRecord(Values values, BooleanSupplier include) {
    this.values = values;
    this.include = include;
  }

  /**
   * A discharge-notice-like message: MessageHeader, ServiceRequest (referring to everything else),
   * Patient, and the clinical and social care resources of {@code shape}.
   *
   * @param include whether to fill each optional element
   */
  static MarkedRecord of(Shape shape, Values values, BooleanSupplier include) {
    MarkedRecord record = new MarkedRecord(values, include);
    record.build(shape);
    return record;
  }

  static MarkedRecord realistic() {
    return of(Shape.full(), new RealisticValues(), () -> true);
  }

  // The expected result

  /** Whether the resource rule keeps {@code resourceId} when {@code withheld} are withheld. */
  boolean kept(String resourceId, Set<CategoryCode> withheld) {
    if (NEVER_REMOVED_WHOLE.contains(types.get(resourceId))) {
      return true;
    }
    Set<CategoryCode> touching = new HashSet<>();
    marks.stream()
        .filter(m -> m.resourceId().equals(resourceId))
        .forEach(m -> touching.addAll(m.categories()));
    boolean anyWithheld = touching.stream().anyMatch(withheld::contains);
    boolean anyPermitted = touching.stream().anyMatch(c -> !withheld.contains(c));
    return !anyWithheld || anyPermitted;
  }

  /** Whether {@code mark} must survive: its resource stays and not all its categories went. */
  boolean expected(Mark mark, Set<CategoryCode> withheld) {
    return kept(mark.resourceId(), withheld)
        && (mark.categories().isEmpty() || !withheld.containsAll(mark.categories()));
  }

  Map<String, String> resourceTypes() {
    return types;
  }

  String serviceRequestId() {
    return request.getIdElement().getIdPart();
  }

  // Building

  private void build(Shape shape) {
    bundle.setId(id("bundle"));
    bundle.setType(Bundle.BundleType.MESSAGE);
    bundle.getTimestampElement().setValueAsString("2026-03-02T09:30:00+00:00");
    MessageHeader header = add(new MessageHeader(), "header");
    header.setEvent(new Coding("http://snomed.info/sct", "975731000000100", "Discharge Notice"));
    header.getSource().setEndpoint("urn:nhs-uk:addressing:ods:RXM");
    header.addDestination().setEndpoint("urn:nhs-uk:addressing:ods:XLA001");
    add(request, "request");
    header.addFocus(reference(request));
    request.setStatus(ServiceRequest.ServiceRequestStatus.ACTIVE);
    request.setIntent(ServiceRequest.ServiceRequestIntent.ORDER);
    request.addNote().setText(text("service-note", request));

    Patient patient = patient();
    request.setSubject(reference(patient));
    if (shape.encounter()) {
      request.setEncounter(reference(encounter(patient)));
    }
    for (int i = 0; i < shape.conditions(); i++) {
      request.addReasonReference(reference(condition(patient, i)));
    }
    for (int i = 0; i < shape.medications(); i++) {
      request.addSupportingInfo(reference(medication(patient, i)));
    }
    for (int i = 0; i < shape.safeguardingFlags(); i++) {
      request.addSupportingInfo(reference(flag(patient, "safeguarding", SAFEGUARDING, i)));
    }
    for (int i = 0; i < shape.mentalHealthActFlags(); i++) {
      request.addSupportingInfo(
          reference(flag(patient, "mental-health-act", MENTAL_HEALTH_ACT, i)));
    }
    if (shape.carePlan()) {
      request.addSupportingInfo(reference(carePlan(patient)));
    }
    if (shape.riskAssessment()) {
      request.addSupportingInfo(reference(riskAssessment(patient)));
    }
    for (int i = 0; i < shape.housingObservations(); i++) {
      request.addSupportingInfo(reference(observation(patient, "housing", i)));
    }
    if (shape.otherObservation()) {
      request.addSupportingInfo(reference(observation(patient, "social-history", 0)));
    }
    if (shape.assessment()) {
      request.addSupportingInfo(reference(assessment(patient)));
    }
  }

  private Patient patient() {
    Patient patient = add(new Patient(), "patient");
    patient.getMeta().addProfile("https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient");
    patient
        .addIdentifier()
        .setSystem("https://fhir.nhs.uk/Id/nhs-number")
        .setValue(text("nhs-number", patient));
    if (include.getAsBoolean()) {
      patient
          .addName()
          .setFamily(text("family", patient, DEMOGRAPHICS))
          .addGiven(text("given", patient, DEMOGRAPHICS));
    }
    if (include.getAsBoolean()) {
      patient.setBirthDateElement(new DateType(date("birth-date", patient, DEMOGRAPHICS)));
    }
    if (include.getAsBoolean()) {
      patient.setGender(AdministrativeGender.FEMALE);
      probe("Patient.gender", patient, r -> ((Patient) r).hasGender(), DEMOGRAPHICS);
    }
    patient.addAddress().addLine(text("address-line", patient));
    if (include.getAsBoolean()) {
      patient.getAddressFirstRep().setPostalCode(text("postcode", patient, DEMOGRAPHICS));
    }
    if (include.getAsBoolean()) {
      patient
          .addTelecom()
          .setSystem(org.hl7.fhir.r4.model.ContactPoint.ContactPointSystem.PHONE)
          .setValue(text("phone", patient, CONTACTS));
    }
    patient.addContact().getName().setFamily(text("next-of-kin", patient));
    return patient;
  }

  private Encounter encounter(Patient patient) {
    Encounter encounter = add(new Encounter(), "encounter");
    encounter.addIdentifier().setValue(text("encounter-id", encounter));
    encounter.setSubject(reference(patient));
    if (include.getAsBoolean()) {
      encounter.setStatus(Encounter.EncounterStatus.INPROGRESS);
      probe("Encounter.status", encounter, r -> ((Encounter) r).hasStatus(), ENCOUNTER);
    }
    if (include.getAsBoolean()) {
      encounter.setClass_(
          new Coding(
              "http://terminology.hl7.org/CodeSystem/v3-ActCode",
              "IMP",
              text("encounter-class", encounter, ENCOUNTER)));
    }
    if (include.getAsBoolean()) {
      encounter
          .getPeriod()
          .setStartElement(new DateTimeType(date("admitted", encounter, ENCOUNTER) + "T14:20:00Z"));
    }
    return encounter;
  }

  private Condition condition(Patient patient, int n) {
    Condition condition = add(new Condition(), "condition-" + n);
    condition.setSubject(reference(patient));
    condition.addNote().setText(text("condition-note", condition));
    if (include.getAsBoolean()) {
      condition.getCode().setText(text("diagnosis", condition, DIAGNOSES));
    }
    if (include.getAsBoolean()) {
      condition.setClinicalStatus(
          new CodeableConcept(
                  new Coding(
                      "http://terminology.hl7.org/CodeSystem/condition-clinical", "active", null))
              .setText(text("clinical-status", condition, DIAGNOSES)));
    }
    if (include.getAsBoolean()) {
      condition.setOnset(new DateTimeType(date("onset", condition, DIAGNOSES)));
    }
    return condition;
  }

  private MedicationStatement medication(Patient patient, int n) {
    MedicationStatement statement = add(new MedicationStatement(), "medication-" + n);
    statement.setSubject(reference(patient));
    statement.addNote().setText(text("medication-note", statement));
    if (include.getAsBoolean()) {
      statement.setMedication(
          new CodeableConcept().setText(text("medicine", statement, MEDICATIONS)));
    }
    if (include.getAsBoolean()) {
      statement.addDosage().setText(text("dosage", statement, MEDICATIONS));
    }
    if (include.getAsBoolean()) {
      statement.setStatus(MedicationStatement.MedicationStatementStatus.ACTIVE);
      probe(
          "MedicationStatement.status",
          statement,
          r -> ((MedicationStatement) r).hasStatus(),
          MEDICATIONS);
    }
    return statement;
  }

  private Flag flag(Patient patient, String kind, CategoryCode category, int n) {
    Flag flag = add(new Flag(), kind + "-flag-" + n);
    flag.setSubject(reference(patient));
    flag.addCategory(new CodeableConcept(new Coding("https://concordat.example/flag", kind, null)));
    flag.addIdentifier().setValue(text("flag-id", flag));
    if (include.getAsBoolean()) {
      flag.getCode().setText(text(kind + "-flag", flag, category));
    }
    if (include.getAsBoolean()) {
      flag.setStatus(Flag.FlagStatus.ACTIVE);
      probe("Flag.status", flag, r -> ((Flag) r).hasStatus(), MENTAL_HEALTH_ACT);
    }
    if (include.getAsBoolean()) {
      flag.getPeriod()
          .setStartElement(
              new DateTimeType(date("flag-start", flag, MENTAL_HEALTH_ACT, SAFEGUARDING)));
    }
    return flag;
  }

  private CarePlan carePlan(Patient patient) {
    CarePlan plan = add(new CarePlan(), "care-plan");
    plan.setSubject(reference(patient));
    plan.setStatus(CarePlan.CarePlanStatus.ACTIVE);
    plan.setIntent(CarePlan.CarePlanIntent.PLAN);
    plan.setDescription(text("care-plan-description", plan));
    if (include.getAsBoolean()) {
      plan.setTitle(text("care-plan-title", plan, CARE_PLAN));
    }
    if (include.getAsBoolean()) {
      plan.getPeriod().setStartElement(new DateTimeType(date("care-plan-start", plan, CARE_PLAN)));
    }
    if (include.getAsBoolean()) {
      plan.addActivity()
          .getDetail()
          .setStatus(CarePlan.CarePlanActivityStatus.INPROGRESS)
          .setDescription(text("care-plan-activity", plan, CARE_PLAN));
    }
    if (include.getAsBoolean()) {
      plan.addCareTeam(
          new Reference("CareTeam/community-mental-health-team")
              .setDisplay(text("care-team", plan, CARE_PLAN)));
    }
    return plan;
  }

  private RiskAssessment riskAssessment(Patient patient) {
    RiskAssessment risk = add(new RiskAssessment(), "risk");
    risk.setSubject(reference(patient));
    risk.setStatus(RiskAssessment.RiskAssessmentStatus.FINAL);
    risk.addNote().setText(text("risk-note", risk));
    if (include.getAsBoolean()) {
      risk.addPrediction().getOutcome().setText(text("risk-outcome", risk, RISK));
    }
    if (include.getAsBoolean()) {
      risk.setMitigation(text("risk-mitigation", risk, RISK));
    }
    if (include.getAsBoolean()) {
      risk.setOccurrence(new DateTimeType(date("risk-occurrence", risk, RISK)));
    }
    return risk;
  }

  private Observation observation(Patient patient, String category, int n) {
    Observation observation = add(new Observation(), category + "-observation-" + n);
    observation.setSubject(reference(patient));
    observation.setStatus(Observation.ObservationStatus.FINAL);
    observation.addCategory(
        new CodeableConcept(
            new Coding(
                "http://terminology.hl7.org/CodeSystem/observation-category", category, null)));
    observation.getCode().setText(text(category + "-code", observation));
    if ("housing".equals(category)) {
      if (include.getAsBoolean()) {
        observation.setValue(new StringType(text("housing-value", observation, HOUSING)));
      }
    } else {
      observation.setValue(new StringType(text("other-value", observation)));
    }
    return observation;
  }

  private QuestionnaireResponse assessment(Patient patient) {
    QuestionnaireResponse response = add(new QuestionnaireResponse(), "assessment");
    response.setSubject(reference(patient));
    response.setStatus(QuestionnaireResponse.QuestionnaireResponseStatus.COMPLETED);
    if (include.getAsBoolean()) {
      response
          .addItem()
          .setLinkId("eligible-needs")
          .addAnswer()
          .setValue(new StringType(text("eligible-needs", response, ASSESSMENT)));
    }
    if (include.getAsBoolean()) {
      response.getAuthoredElement().setValueAsString(date("assessed", response, ASSESSMENT));
    }
    return response;
  }

  // Helpers

  private static String id(String name) {
    return UUID.nameUUIDFromBytes(name.getBytes(UTF_8)).toString();
  }

  private <R extends Resource> R add(R resource, String name) {
    String id = id(name);
    resource.setId(id);
    bundle.addEntry().setFullUrl("urn:uuid:" + id).setResource(resource);
    types.put(id, resource.fhirType());
    return resource;
  }

  private static Reference reference(Resource resource) {
    return new Reference("urn:uuid:" + resource.getIdElement().getIdPart());
  }

  private String text(String hint, Resource holder, CategoryCode... categories) {
    return mark(hint, values.text(hint), holder, categories);
  }

  private String date(String hint, Resource holder, CategoryCode... categories) {
    return mark(hint, values.date(hint), holder, categories);
  }

  private String mark(String hint, String value, Resource holder, CategoryCode... categories) {
    marks.add(
        new Mark(
            hint + "=" + value,
            value,
            Set.of(categories),
            holder.getIdElement().getIdPart(),
            (json, minimised) -> json.contains(value)));
    return value;
  }

  private void probe(
      String label, Resource holder, Predicate<Resource> present, CategoryCode... categories) {
    String id = holder.getIdElement().getIdPart();
    marks.add(
        new Mark(
            label + "@" + holder.fhirType(),
            null,
            Set.of(categories),
            id,
            (json, minimised) -> find(minimised, id).filter(present).isPresent()));
  }

  static Optional<Resource> find(Bundle bundle, String id) {
    return bundle.getEntry().stream()
        .map(Bundle.BundleEntryComponent::getResource)
        .filter(r -> r != null && id.equals(r.getIdElement().getIdPart()))
        .findFirst();
  }

  /**
   * Generated marks: {@code prefix} (five capital letters) and a serial number, so no mark is part
   * of another or of anything else in the record; dates with distinct years.
   */
  static final class GeneratedValues implements Values {
    private final String prefix;
    private final java.util.Random random;
    private int serial;

    GeneratedValues(String prefix, java.util.Random random) {
      this.prefix = prefix;
      this.random = random;
    }

    @Override
    public String text(String hint) {
      return prefix + String.format(java.util.Locale.ROOT, "%03d", serial++) + "Z";
    }

    @Override
    public String date(String hint) {
      return String.format(
          java.util.Locale.ROOT,
          "%04d-%02d-%02d",
          1800 + serial++,
          1 + random.nextInt(12),
          1 + random.nextInt(28));
    }
  }

  /** Realistic fictional values, each used once: a test fails if one is a substring of another. */
  static final class RealisticValues implements Values {
    private static final Map<String, List<String>> TEXT =
        Map.ofEntries(
            Map.entry("nhs-number", List.of("9990004275")),
            Map.entry("service-note", List.of("Needs two carers for transfers on discharge")),
            Map.entry("family", List.of("Thistlewood")),
            Map.entry("given", List.of("Rosalind")),
            Map.entry("address-line", List.of("7 Kiln Lane")),
            Map.entry("postcode", List.of("NM9 2XB")),
            Map.entry("phone", List.of("01632 960871")),
            Map.entry("next-of-kin", List.of("Okereke")),
            Map.entry("encounter-id", List.of("ENC-55120")),
            Map.entry("encounter-class", List.of("inpatient encounter")),
            Map.entry("condition-note", List.of("Reviewed by liaison psychiatry", "Since 2019")),
            Map.entry("diagnosis", List.of("Bipolar affective disorder", "Type 2 diabetes")),
            Map.entry("clinical-status", List.of("Current episode", "Well controlled")),
            Map.entry("medication-note", List.of("Levels checked monthly", "Supplied as blister")),
            Map.entry("medicine", List.of("Lithium carbonate 400mg", "Metformin 500mg")),
            Map.entry("dosage", List.of("One tablet at night", "One tablet twice daily")),
            Map.entry("flag-id", List.of("FLG-3301", "FLG-3302")),
            Map.entry("safeguarding-flag", List.of("Financial abuse by a relative suspected")),
            Map.entry("mental-health-act-flag", List.of("Detained under section 3")),
            Map.entry("care-plan-description", List.of("Plan agreed at CPA review")),
            Map.entry("care-plan-title", List.of("Care Programme Approach plan")),
            Map.entry("care-plan-activity", List.of("Weekly visit by care coordinator")),
            Map.entry("care-team", List.of("Northmoor community mental health team")),
            Map.entry("risk-note", List.of("Assessed with the person and their daughter")),
            Map.entry("risk-outcome", List.of("Self-neglect when unwell")),
            Map.entry("risk-mitigation", List.of("Daily welfare call for a fortnight")),
            Map.entry("housing-code", List.of("Housing situation")),
            Map.entry("housing-value", List.of("Rent arrears, eviction notice served")),
            Map.entry("social-history-code", List.of("Alcohol intake")),
            Map.entry("other-value", List.of("14 units a week")),
            Map.entry("eligible-needs", List.of("Managing and maintaining nutrition")));
    private static final Map<String, List<String>> DATES =
        Map.ofEntries(
            Map.entry("birth-date", List.of("1941-11-23")),
            Map.entry("admitted", List.of("2026-02-17")),
            Map.entry("onset", List.of("2003-05-09", "2012-08-30")),
            Map.entry("flag-start", List.of("2025-12-04", "2026-01-19")),
            Map.entry("care-plan-start", List.of("2026-02-24")),
            Map.entry("risk-occurrence", List.of("2026-02-20")),
            Map.entry("assessed", List.of("2026-02-26")));

    private final Map<String, Integer> used = new LinkedHashMap<>();

    @Override
    public String text(String hint) {
      return next(TEXT, hint);
    }

    @Override
    public String date(String hint) {
      return next(DATES, hint);
    }

    private String next(Map<String, List<String>> values, String hint) {
      List<String> list = values.get(hint);
      if (list == null) {
        throw new IllegalArgumentException("No realistic value for " + hint);
      }
      int n = used.merge(hint, 1, Integer::sum) - 1;
      if (n >= list.size()) {
        throw new IllegalArgumentException("Only " + list.size() + " realistic values for " + hint);
      }
      return list.get(n);
    }
  }
}
