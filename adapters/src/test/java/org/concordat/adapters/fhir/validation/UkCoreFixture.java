package org.concordat.adapters.fhir.validation;

import org.concordat.adapters.fhir.Notices;

/**
 * One warmed-up validator for every test class in this JVM: building it takes about a second and
 * the first validations several more, so no test builds its own.
 */
final class UkCoreFixture {
  static final String UK_CORE_PATIENT =
      "https://fhir.hl7.org.uk/StructureDefinition/UKCore-Patient";
  static final String UK_CORE_CONSENT =
      "https://fhir.hl7.org.uk/StructureDefinition/UKCore-Consent";
  static final String UK_CORE_ENCOUNTER =
      "https://fhir.hl7.org.uk/StructureDefinition/UKCore-Encounter";
  static final String NHS_NUMBER = "https://fhir.nhs.uk/Id/nhs-number";
  static final String SNOMED_CT = "http://snomed.info/sct";

  private static final UkCoreValidator VALIDATOR =
      warm(UkCoreValidator.load(Notices.fhir().context()));

  private UkCoreFixture() {}

  static UkCoreValidator validator() {
    return VALIDATOR;
  }

  private static UkCoreValidator warm(UkCoreValidator validator) {
    validator.warmUp();
    return validator;
  }
}
