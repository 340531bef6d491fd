package org.concordat.adapters.fhir.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Stream;
import org.concordat.adapters.fhir.Notices;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Every UK Core example under {@code src/test/resources/fhir/ukcore-examples} (see SOURCE.md). */
class UkCoreExamplesTest {
  private static final String FOLDER = "/fhir/ukcore-examples/";

  /**
   * Examples that the publisher got wrong, and where: each was checked by hand against its XML. Any
   * other error in any example fails the test.
   */
  private static final Map<String, List<String>> UPSTREAM_DEFECTS =
      Map.of(
          // valueCode where the extension allows only valueCodeableConcept, and both are present.
          "Extension-UKCore-ConditionEpisode-Example.xml",
          List.of("Condition.extension[0]"),
          // entry.fullUrl is relative ("Observation/…"); a Bundle needs absolute URLs.
          "UKCore-Bundle-NEWS2Observations-Example.xml",
          List.of("Bundle.entry[0]"),
          // onBehalfOf is
          // "Organization/https://fhir.hl7.org.uk/StructureDefinition/UKCore-Organization".
          "UKCore-Provenance-RARecordConsent-Example.xml",
          List.of("Provenance.agent[0].onBehalfOf"));

  static Stream<String> examples() {
    URL folder = Objects.requireNonNull(UkCoreExamplesTest.class.getResource(FOLDER), FOLDER);
    try (Stream<Path> files = Files.list(Path.of(folder.toURI()))) {
      List<String> names =
          files
              .map(path -> path.getFileName().toString())
              .filter(n -> n.endsWith(".xml"))
              .sorted()
              .toList();
      assertThat(names).hasSize(52);
      return names.stream();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  @ParameterizedTest
  @MethodSource("examples")
  void parses(String name) {
    IBaseResource resource = Notices.fhir().context().newXmlParser().parseResource(text(name));

    // UKCore-<Type>-…-Example.xml holds a <Type>; the extension examples show them on several
    // types.
    if (name.startsWith("UKCore-")) {
      assertThat(resource.fhirType()).isEqualTo(name.split("-")[1]);
    }
    assertThat(resource.getIdElement().getIdPart()).isNotBlank();
  }

  @ParameterizedTest
  @MethodSource("examples")
  void validatesWithNoErrorsButTheKnownUpstreamDefects(String name) {
    ValidationReport report = UkCoreFixture.validator().validate(text(name));

    assertThat(report.errors())
        .extracting(ValidationIssue::location)
        .containsOnlyElementsOf(UPSTREAM_DEFECTS.getOrDefault(name, List.of()));
    if (UPSTREAM_DEFECTS.containsKey(name)) {
      assertThat(report.hasErrors()).as("still defective upstream").isTrue();
    }
  }

  private static String text(String name) {
    try (InputStream in =
        Objects.requireNonNull(UkCoreExamplesTest.class.getResourceAsStream(FOLDER + name), name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
