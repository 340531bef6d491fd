package org.concordat.adapters.fhir.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Objects;
import org.concordat.adapters.fhir.MessageFormat;
import org.concordat.adapters.fhir.NoticeParser;
import org.concordat.adapters.fhir.Notices;
import org.concordat.adapters.hl7v2.AdtNotices;
import org.concordat.adapters.hl7v2.AdtSender;
import org.concordat.protocols.sharing.OdsCode;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Resource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Every notice Concordat makes from another form validates with zero errors: the FHIR R4 Bundles
 * converted from ADW DSTU2 messages, and those made from HL7 v2 ADT (whose Patient, Encounter,
 * Location and MessageHeader also conform to the UK Core profiles).
 */
class ConvertedNoticesTest {
  private static final String UK_CORE = "https://fhir.hl7.org.uk/StructureDefinition/UKCore-";

  private final NoticeParser parser =
      new NoticeParser(Notices.fhir(), NoticeParser.DEFAULT_MAX_BYTES);

  @ParameterizedTest
  @ValueSource(
      strings = {
        "notices/dstu2-discharge-notice-RXA-to-XLA001.xml",
        "notices/dstu2-assessment-notice-RXA-to-XLA001.json"
      })
  void convertsDstu2NoticesIntoValidR4(String name) {
    byte[] body = resource(name);
    Bundle bundle = parser.parse(body, MessageFormat.detect(null, body)).bundle();

    ValidationReport report = UkCoreFixture.validator().validate(Notices.fhir().toJson(bundle));

    assertThat(report.errors()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "hl7v2/nhs-itk/A01_example.txt",
        "hl7v2/nhs-itk/A03_example.txt",
        "hl7v2/nhs-itk/A08_example.txt",
        "hl7v2/northmoor/A03-RXA-discharge-9990000123.hl7"
      })
  void makesValidUkCoreNoticesFromHl7v2(String name) {
    AdtNotices notices =
        new AdtNotices(
            List.of(
                new AdtSender("RCB", OdsCode.of("RXA"), List.of(OdsCode.of("XLA001"))),
                new AdtSender("RXA01", OdsCode.of("RXA"), List.of(OdsCode.of("XLA001")))),
            Notices.fhir(),
            1024 * 1024);
    byte[] json = notices.convert(resource(name)).fhirJson();
    Bundle bundle = parser.parse(json, MessageFormat.JSON).bundle();

    assertThat(UkCoreFixture.validator().validate(Notices.fhir().toJson(bundle)).errors())
        .isEmpty();
    for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
      Resource resource = entry.getResource();
      String profile =
          resource instanceof Patient
              ? "Patient"
              : resource instanceof Encounter
                  ? "Encounter"
                  : resource instanceof Location
                      ? "Location"
                      : resource instanceof MessageHeader ? "MessageHeader" : null;
      if (profile != null) {
        assertThat(UkCoreFixture.validator().validate(resource, UK_CORE + profile).errors())
            .as(profile)
            .isEmpty();
      }
    }
  }

  private static byte[] resource(String name) {
    try (InputStream in =
        Objects.requireNonNull(
            ConvertedNoticesTest.class.getResourceAsStream("/" + name), "no sample " + name)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
