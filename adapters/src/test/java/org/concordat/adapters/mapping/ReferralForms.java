package org.concordat.adapters.mapping;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Objects;
import org.concordat.adapters.fhir.FhirMessages;
import org.concordat.adapters.fhir.validation.UkCoreValidator;

/**
 * Shared fixtures for the mapping tests: the shipped voluntary referral form mapping, one engine,
 * one (slow to build and warm) UK Core validator for the whole JVM, and the sample forms.
 */
final class ReferralForms {
  static final Path MAPPINGS = Path.of("../config/mappings");
  static final Path FORM_MAPPING = MAPPINGS.resolve("voluntary-referral-form.yaml");
  static final FhirMessages FHIR = new FhirMessages();
  static final MappingEngine ENGINE = new MappingEngine(FHIR, MappingLimits.DEFAULT);

  private static final Mapping FORM = Mappings.read(FORM_MAPPING);
  private static UkCoreValidator validator;

  private ReferralForms() {}

  static Mapping form() {
    return FORM;
  }

  static synchronized UkCoreValidator validator() {
    if (validator == null) {
      validator = UkCoreValidator.load(FHIR.context());
      validator.warmUp();
    }
    return validator;
  }

  static byte[] resource(String name) {
    try (InputStream in =
        Objects.requireNonNull(
            ReferralForms.class.getResourceAsStream("/mappings/" + name), "no test file " + name)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
