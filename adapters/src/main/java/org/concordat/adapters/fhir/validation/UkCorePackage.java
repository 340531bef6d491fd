package org.concordat.adapters.fhir.validation;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.DataFormatException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.jspecify.annotations.Nullable;

/**
 * The UK Core conformance resources packaged under {@code fhir/ukcore/} on the classpath (see its
 * SOURCE.md). A folder inside a jar (or inside the broker's fat jar) cannot be listed portably, so
 * {@code fhir/ukcore/index.txt} names every file; a test keeps it in step with the folder.
 */
final class UkCorePackage {
  static final String FOLDER = "fhir/ukcore/";
  static final String INDEX = FOLDER + "index.txt";

  private UkCorePackage() {}

  /** The paths listed in the index, relative to {@link #FOLDER}. */
  static List<String> index() {
    List<String> paths = new ArrayList<>();
    for (String line : new String(read(INDEX), StandardCharsets.UTF_8).split("\n", -1)) {
      String path = line.strip();
      if (!path.isEmpty() && !path.startsWith("#")) {
        paths.add(path);
      }
    }
    return List.copyOf(paths);
  }

  /**
   * Every StructureDefinition, ValueSet and CodeSystem in the package, parsed.
   *
   * @throws IllegalStateException when a listed file is missing or is not FHIR XML: the build
   *     packaged the wrong thing
   */
  static List<IBaseResource> resources(FhirContext context) {
    List<IBaseResource> resources = new ArrayList<>();
    for (String path : index()) {
      try {
        resources.add(
            context
                .newXmlParser()
                .parseResource(new String(read(FOLDER + path), StandardCharsets.UTF_8)));
      } catch (DataFormatException e) {
        throw new IllegalStateException(
            "The packaged UK Core file " + path + " is not FHIR XML", e);
      }
    }
    return List.copyOf(resources);
  }

  private static byte[] read(String name) {
    ClassLoader loader = UkCorePackage.class.getClassLoader();
    try (@Nullable InputStream in = loader.getResourceAsStream(name)) {
      if (in == null) {
        throw new IllegalStateException("The UK Core package has no " + name + " on the classpath");
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read " + name + " from the classpath", e);
    }
  }
}
