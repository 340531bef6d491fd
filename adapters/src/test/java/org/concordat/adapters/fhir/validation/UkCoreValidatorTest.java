package org.concordat.adapters.fhir.validation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.concordat.adapters.fhir.validation.UkCoreFixture.NHS_NUMBER;
import static org.concordat.adapters.fhir.validation.UkCoreFixture.SNOMED_CT;
import static org.concordat.adapters.fhir.validation.UkCoreFixture.UK_CORE_CONSENT;
import static org.concordat.adapters.fhir.validation.UkCoreFixture.UK_CORE_ENCOUNTER;
import static org.concordat.adapters.fhir.validation.UkCoreFixture.UK_CORE_PATIENT;

import org.concordat.adapters.fhir.InvalidMessageException;
import org.concordat.adapters.fhir.IssueKind;
import org.concordat.adapters.fhir.validation.ValidationIssue.Severity;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.OperationOutcome.IssueSeverity;
import org.hl7.fhir.r4.model.OperationOutcome.IssueType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.junit.jupiter.api.Test;

class UkCoreValidatorTest {
  private final UkCoreValidator validator = UkCoreFixture.validator();

  @Test
  void acceptsAUkCorePatientWithAnNhsNumber() {
    ValidationReport report = validator.validate(patient(), UK_CORE_PATIENT);

    assertThat(report.errors()).isEmpty();
    assertThat(report.hasErrors()).isFalse();
  }

  @Test
  void readsTheProfileFromMetaWhenNoneIsNamed() {
    Patient patient = patient();
    patient.getMeta().addProfile(UK_CORE_PATIENT);
    patient.getIdentifierFirstRep().setValue(null);

    ValidationReport report = validator.validate(patient);

    assertThat(report.errors())
        .singleElement()
        .satisfies(issue -> assertThat(issue.location()).isEqualTo("Patient.identifier[0]"))
        .satisfies(issue -> assertThat(issue.message()).contains("value"));
  }

  @Test
  void reportsAWrongGenderCodeAtPatientGender() {
    String json =
        """
        {"resourceType": "Patient",
         "meta": {"profile": ["https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient"]},
         "identifier": [{"system": "https://fhir.nhs.uk/Id/nhs-number", "value": "9990000018"}],
         "gender": "woman"}
        """;

    ValidationReport report = validator.validate(json);

    assertThat(report.hasErrors()).isTrue();
    assertThat(report.errors())
        .isNotEmpty()
        .allSatisfy(issue -> assertThat(issue.location()).isEqualTo("Patient.gender"))
        .anySatisfy(issue -> assertThat(issue.message()).contains("woman"));
  }

  @Test
  void readsXmlAsWellAsJson() {
    String xml =
        """
        <Patient xmlns="http://hl7.org/fhir">
          <identifier><system value="https://fhir.nhs.uk/Id/nhs-number"/><value value="9990000018"/></identifier>
          <gender value="woman"/>
        </Patient>
        """;

    ValidationReport report = validator.validate(xml);

    assertThat(report.errors())
        .isNotEmpty()
        .allSatisfy(issue -> assertThat(issue.location()).isEqualTo("Patient.gender"));
  }

  @Test
  void reportsAnElementThatR4DoesNotHave() {
    ValidationReport report =
        validator.validate("{\"resourceType\": \"Patient\", \"hairColour\": \"red\"}");

    assertThat(report.errors())
        .singleElement()
        .satisfies(issue -> assertThat(issue.message()).contains("hairColour"));
  }

  @Test
  void reportsTwoNhsNumbersAgainstUkCorePatient() {
    Patient patient = patient();
    patient.addIdentifier().setSystem(NHS_NUMBER).setValue("9990000026");

    ValidationReport report = validator.validate(patient, UK_CORE_PATIENT);

    assertThat(report.errors())
        .singleElement()
        .satisfies(issue -> assertThat(issue.message()).contains("Patient.identifier"));
  }

  @Test
  void warnsButDoesNotFailOnASnomedCodeInEncounterType() {
    Encounter encounter = new Encounter();
    encounter.setStatus(Encounter.EncounterStatus.FINISHED);
    encounter.setClass_(
        new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "IMP", "inpatient"));
    encounter.addType(
        new CodeableConcept(new Coding(SNOMED_CT, "183452005", "Emergency hospital admission")));
    encounter.setSubject(new Reference("Patient/f001"));

    ValidationReport report = validator.validate(encounter, UK_CORE_ENCOUNTER);

    assertThat(report.errors()).isEmpty();
    assertThat(report.issues())
        .filteredOn(issue -> issue.location().startsWith("Encounter.type"))
        .isNotEmpty()
        .allSatisfy(
            issue -> assertThat(issue.severity()).isIn(Severity.WARNING, Severity.INFORMATION))
        .anySatisfy(issue -> assertThat(issue.isNotCheckedOffline()).isTrue());
  }

  @Test
  void doesNotReportReferencesToResourcesItCannotSee() {
    Encounter encounter = new Encounter();
    encounter.setStatus(Encounter.EncounterStatus.FINISHED);
    encounter.setClass_(
        new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB", null));
    encounter.setSubject(new Reference("Patient/f001"));
    encounter.addParticipant().setIndividual(new Reference("Practitioner/f002"));

    ValidationReport report = validator.validate(encounter, UK_CORE_ENCOUNTER);

    assertThat(report.issues())
        .noneSatisfy(issue -> assertThat(issue.location()).startsWith("Encounter.subject"))
        .noneSatisfy(issue -> assertThat(issue.location()).startsWith("Encounter.participant"));
  }

  @Test
  void checksTheTypeThatAReferenceNamesWithoutFollowingIt() {
    Encounter encounter = new Encounter();
    encounter.setStatus(Encounter.EncounterStatus.FINISHED);
    encounter.setClass_(
        new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "AMB", null));
    encounter.setSubject(new Reference("Practitioner/f002"));

    ValidationReport report = validator.validate(encounter, UK_CORE_ENCOUNTER);

    assertThat(report.errors())
        .singleElement()
        .satisfies(issue -> assertThat(issue.location()).isEqualTo("Encounter.subject"))
        .satisfies(issue -> assertThat(issue.message()).contains("Practitioner"));
  }

  @Test
  void neverFailsOnASnomedCodeEvenWhereTheBindingIsRequired() {
    // UK Core requires all-languages (BCP-47) here; a SNOMED CT coding alone cannot be checked.
    Patient patient = patient();
    patient
        .addCommunication()
        .setLanguage(new CodeableConcept(new Coding(SNOMED_CT, "703963007", "Makaton vocabulary")));

    ValidationReport report = validator.validate(patient, UK_CORE_PATIENT);

    assertThat(report.errors()).isEmpty();
    assertThat(report.warnings())
        .filteredOn(issue -> issue.location().equals("Patient.communication[0].language"))
        .isNotEmpty()
        .allSatisfy(issue -> assertThat(issue.isNotCheckedOffline()).isTrue());
  }

  @Test
  void stillFailsALanguageCodeThatDoesNotExist() {
    Patient patient = patient();
    patient
        .addCommunication()
        .setLanguage(new CodeableConcept(new Coding("urn:ietf:bcp:47", "qqq-zz", null)));

    ValidationReport report = validator.validate(patient, UK_CORE_PATIENT);

    assertThat(report.errors())
        .isNotEmpty()
        .allSatisfy(
            issue -> assertThat(issue.location()).isEqualTo("Patient.communication[0].language"))
        .anySatisfy(issue -> assertThat(issue.message()).contains("qqq-zz"));
  }

  @Test
  void acceptsAConsentWhosePatientIsIdentifiedByNhsNumber() {
    ValidationReport report = validator.validate(consent(), UK_CORE_CONSENT);

    assertThat(report.errors()).isEmpty();
    // The LOINC category of the HL7 example cannot be checked offline: a warning, nothing more.
    assertThat(report.warnings())
        .filteredOn(issue -> issue.location().equals("Consent.category[0]"))
        .singleElement()
        .satisfies(issue -> assertThat(issue.isNotCheckedOffline()).isTrue())
        .satisfies(issue -> assertThat(issue.message()).contains("http://loinc.org"));
  }

  @Test
  void warnsButDoesNotFailOnASnomedConsentCategory() {
    Consent consent = consent();
    consent.addCategory(
        new CodeableConcept(new Coding(SNOMED_CT, "887031000000108", "Consent given for sharing")));

    ValidationReport report = validator.validate(consent, UK_CORE_CONSENT);

    assertThat(report.errors()).isEmpty();
    assertThat(report.issues())
        .filteredOn(issue -> issue.location().equals("Consent.category[1]"))
        .allSatisfy(
            issue -> assertThat(issue.severity()).isIn(Severity.WARNING, Severity.INFORMATION));
  }

  @Test
  void reportsAConsentWithoutStatus() {
    Consent consent = consent();
    consent.setStatus(null);

    ValidationReport report = validator.validate(consent, UK_CORE_CONSENT);

    assertThat(report.errors())
        .anySatisfy(issue -> assertThat(issue.message()).contains("Consent.status"));
  }

  @Test
  void turnsItsReportIntoAnOperationOutcome() {
    var outcome =
        validator
            .validate("{\"resourceType\": \"Patient\", \"gender\": \"woman\"}")
            .toOperationOutcome();

    assertThat(outcome.getIssue())
        .filteredOn(issue -> issue.getSeverity() == IssueSeverity.ERROR)
        .isNotEmpty()
        .allSatisfy(issue -> assertThat(issue.getCode()).isEqualTo(IssueType.INVALID))
        .allSatisfy(
            issue ->
                assertThat(issue.getExpression())
                    .extracting("value")
                    .containsExactly("Patient.gender"));
  }

  @Test
  void refusesXmlWithADoctypeBeforeValidating() {
    var problem =
        catchThrowableOfType(
            InvalidMessageException.class,
            () ->
                validator.validate(
                    "<?xml version=\"1.0\"?><!DOCTYPE Patient [<!ENTITY a \"b\">]>"
                        + "<Patient xmlns=\"http://hl7.org/fhir\"><id value=\"&a;\"/></Patient>"));

    assertThat(problem.kind()).isEqualTo(IssueKind.FORBIDDEN_XML_CONSTRUCT);
  }

  @Test
  void refusesJsonThatIsNotWellFormedWithoutQuotingIt() {
    var problem =
        catchThrowableOfType(
            InvalidMessageException.class,
            () -> validator.validate("{\"resourceType\": \"Patient\", \"gender\": Ashworth"));

    assertThat(problem.kind()).isEqualTo(IssueKind.MALFORMED);
    assertThat(problem.getMessage())
        .startsWith("The JSON is not well-formed")
        .doesNotContain("Ashworth");
  }

  @Test
  void refusesTextThatIsNeitherJsonNorXml() {
    var problem =
        catchThrowableOfType(InvalidMessageException.class, () -> validator.validate("MSH|^~\\&|"));

    assertThat(problem.kind()).isEqualTo(IssueKind.UNSUPPORTED_MEDIA_TYPE);
  }

  @Test
  void reportsAnUnknownResourceTypeAsFatal() {
    ValidationReport report = validator.validate("{\"resourceType\": \"Wibble\"}");

    assertThat(report.errors())
        .anySatisfy(issue -> assertThat(issue.severity()).isEqualTo(Severity.FATAL))
        .anySatisfy(issue -> assertThat(issue.message()).contains("Wibble"));
  }

  @Test
  void refusesAProfileItDoesNotKnow() {
    assertThatThrownBy(
            () ->
                validator.validate(
                    patient(), "https://fhir.hl7.org.uk/StructureDefinition/UKCore-Wibble"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("UKCore-Wibble");
  }

  /** A UK Core Patient with a valid NHS number (9990000018 is a test number). */
  private static Patient patient() {
    Patient patient = new Patient();
    patient.addIdentifier(new Identifier().setSystem(NHS_NUMBER).setValue("9990000018"));
    patient.addName().setUse(HumanName.NameUse.OFFICIAL).setFamily("Ashworth").addGiven("Margaret");
    patient.setGender(AdministrativeGender.FEMALE);
    patient.setBirthDateElement(new DateType("1938-07-14"));
    return patient;
  }

  /**
   * HL7's Consent-consent-example-basic (R4 4.0.1), with the patient identified by NHS number
   * rather than by a reference to a Patient that is not there.
   */
  private static Consent consent() {
    Consent consent = new Consent();
    consent.setStatus(Consent.ConsentState.ACTIVE);
    consent.setScope(
        new CodeableConcept(
            new Coding(
                "http://terminology.hl7.org/CodeSystem/consentscope", "patient-privacy", null)));
    consent.addCategory(new CodeableConcept(new Coding("http://loinc.org", "59284-0", null)));
    consent.setPatient(
        new Reference()
            .setIdentifier(new Identifier().setSystem(NHS_NUMBER).setValue("9990000018")));
    consent.setDateTimeElement(new DateTimeType("2016-05-11"));
    consent.addOrganization(new Reference("Organization/f001"));
    consent.setSource(new Attachment().setTitle("The terms of the consent in lawyer speak."));
    consent.setPolicyRule(
        new CodeableConcept(
            new Coding("http://terminology.hl7.org/CodeSystem/v3-ActCode", "OPTIN", null)));
    consent
        .getProvision()
        .setPeriod(
            new Period()
                .setStartElement(new DateTimeType("1964-01-01"))
                .setEndElement(new DateTimeType("2016-01-01")));
    return consent;
  }
}
