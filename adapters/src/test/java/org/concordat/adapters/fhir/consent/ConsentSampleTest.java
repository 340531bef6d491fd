package org.concordat.adapters.fhir.consent;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.concordat.adapters.fhir.Notices;
import org.concordat.adapters.fhir.validation.UkCoreValidator;
import org.concordat.adapters.fhir.validation.ValidationReport;
import org.junit.jupiter.api.Test;

/** The documented sample: the same in the docs and in config, and valid UK Core. */
class ConsentSampleTest {
  private static final Path DOC = Path.of("../docs/consent-format.md");

  @Test
  void documentedExampleIsTheSampleFile() throws IOException {
    String doc = Files.readString(DOC, StandardCharsets.UTF_8);
    int start = doc.indexOf("```json\n") + "```json\n".length();
    String documented = doc.substring(start, doc.indexOf("\n```", start));

    assertThat(documented)
        .isEqualTo(Files.readString(Consents.SAMPLE, StandardCharsets.UTF_8).strip());
  }

  /** The broker validates a Consent against UK Core before it reads it. */
  @Test
  void documentedSampleIsAValidUkCoreConsent() {
    UkCoreValidator validator = UkCoreValidator.load(Notices.fhir().context());

    ValidationReport report =
        validator.validate(
            Consents.sample(), "https://fhir.hl7.org.uk/StructureDefinition/UKCore-Consent");

    assertThat(report.errors()).isEmpty();
  }
}
