package org.concordat.adapters.fhir.validation;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.concordat.adapters.fhir.Notices;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.MetadataResource;
import org.junit.jupiter.api.Test;

class UkCorePackageTest {

  @Test
  void listsEveryPackagedFileAndNoOther() throws IOException, URISyntaxException {
    URL folder =
        Objects.requireNonNull(
            UkCorePackageTest.class.getResource("/" + UkCorePackage.FOLDER), "packaged folder");
    Path root = Path.of(folder.toURI());
    List<String> files;
    try (Stream<Path> walk = Files.walk(root)) {
      files =
          walk.filter(path -> path.toString().endsWith(".xml"))
              .map(path -> root.relativize(path).toString().replace('\\', '/'))
              .sorted()
              .toList();
    }

    assertThat(UkCorePackage.index())
        .containsExactlyInAnyOrderElementsOf(files)
        .doesNotHaveDuplicates();
  }

  @Test
  void holdsTheUkCoreProfilesValueSetsAndCodeSystems() {
    List<IBaseResource> resources = UkCorePackage.resources(Notices.fhir().context());

    assertThat(resources).hasSize(101);
    assertThat(resources)
        .extracting(IBaseResource::fhirType)
        .containsOnly("StructureDefinition", "ValueSet", "CodeSystem");
    assertThat(resources)
        .map(resource -> ((MetadataResource) resource).getUrl())
        .doesNotHaveDuplicates()
        .allSatisfy(
            url ->
                assertThat(url)
                    .matches("(https://fhir\\.hl7\\.org\\.uk/|http://hl7\\.org/fhir/6\\.0/).+"));
  }
}
