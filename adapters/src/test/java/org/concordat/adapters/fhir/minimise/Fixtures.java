package org.concordat.adapters.fhir.minimise;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.context.FhirContext;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.concordat.adapters.fhir.FhirMessages;
import org.concordat.adapters.fhir.Notices;
import org.concordat.protocols.sharing.CategoryCode;
import org.concordat.protocols.sharing.Protocol;
import org.concordat.protocols.sharing.ProtocolReader;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Reference;

/** The example protocol, one minimiser for it, and the exactness check shared by the tests. */
final class Fixtures {
  static final Path EXAMPLE_PROTOCOL = Path.of("../config/partnerships/example/protocol.yaml");
  static final Protocol PROTOCOL = ProtocolReader.read(EXAMPLE_PROTOCOL);
  static final FhirMessages FHIR = Notices.fhir();

  /** Built once: the first minimiser in a JVM loads HAPI's R4 definitions (seconds). */
  static final FhirMinimiser MINIMISER = new FhirMinimiser(PROTOCOL, context());

  private Fixtures() {}

  static FhirContext context() {
    return FHIR.context();
  }

  static Set<CategoryCode> allBut(Set<CategoryCode> withheld) {
    return allBut(MINIMISER, withheld);
  }

  /** Every category of {@code minimiser}'s protocol except {@code withheld}. */
  static Set<CategoryCode> allBut(FhirMinimiser minimiser, Set<CategoryCode> withheld) {
    Set<CategoryCode> permitted = new TreeSet<>(minimiser.categories());
    permitted.removeAll(withheld);
    return permitted;
  }

  static String json(MinimisedContent minimised) {
    return FHIR.toJson(minimised.content());
  }

  /** The example protocol with more categories, listed first. */
  static Protocol exampleWith(String categoriesYaml) {
    try {
      String yaml = java.nio.file.Files.readString(EXAMPLE_PROTOCOL);
      return ProtocolReader.read(
          "protocol.yaml", yaml.replace("\ncategories:\n", "\ncategories:\n" + categoriesYaml));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /**
   * One category in protocol YAML: {@code fhir} is the flow mapping, e.g. {@code Patient: [..]}.
   */
  static String category(String code, String fhir) {
    return "  - code: "
        + code
        + "\n    description: A category for this test.\n    fhir: {"
        + fhir
        + "}\n    responsible: shared\n";
  }

  /** Every mark is in the record, and each text mark exactly once, so absence means removal. */
  static void assertWellFormed(MarkedRecord record) {
    String json = FHIR.toJson(record.bundle);
    for (MarkedRecord.Mark mark : record.marks) {
      assertThat(mark.check().presentIn(json, record.bundle)).as(mark.label()).isTrue();
      String value = mark.value();
      if (value != null) {
        assertThat(json.split(java.util.regex.Pattern.quote(value), -1))
            .as("%s occurs once", mark.label())
            .hasSize(2);
      }
    }
  }

  /**
   * Exactness both ways: no mark of a withheld category is left (unless a permitted category also
   * selects it), every other mark is still there, exactly the expected resources are left, and
   * every reference in the output points at an entry of the output.
   */
  static void assertExactlyWithheld(
      MarkedRecord record, Set<CategoryCode> withheld, MinimisedContent minimised) {
    Bundle output = (Bundle) minimised.content();
    String json = FHIR.toJson(output);
    List<String> leaked = new ArrayList<>();
    List<String> lost = new ArrayList<>();
    for (MarkedRecord.Mark mark : record.marks) {
      boolean present = mark.check().presentIn(json, output);
      boolean expected = record.expected(mark, withheld);
      if (present && !expected) {
        leaked.add(mark.label());
      } else if (!present && expected) {
        lost.add(mark.label());
      }
    }
    assertThat(leaked).as("values of withheld categories left in the output").isEmpty();
    assertThat(lost).as("values of permitted categories (or none) missing").isEmpty();
    record
        .resourceTypes()
        .forEach(
            (id, type) ->
                assertThat(MarkedRecord.find(output, id).isPresent())
                    .as("%s %s kept", type, id)
                    .isEqualTo(record.kept(id, withheld)));
    assertReferencesResolve(record, output, withheld);
  }

  private static void assertReferencesResolve(
      MarkedRecord record, Bundle output, Set<CategoryCode> withheld) {
    Set<String> entries = new HashSet<>();
    output.getEntry().forEach(e -> entries.add(e.getFullUrl()));
    List<Reference> references =
        context().newTerser().getAllPopulatedChildElementsOfType(output, Reference.class);
    for (Reference reference : references) {
      String address = reference.getReference();
      if (address != null && address.startsWith("urn:uuid:")) {
        assertThat(entries).as("reference target").contains(address);
      }
    }
    // The ServiceRequest refers to every other resource: it still refers to every one kept.
    Set<String> kept = new HashSet<>();
    record
        .resourceTypes()
        .forEach(
            (id, type) -> {
              if (record.kept(id, withheld)
                  && !type.equals("ServiceRequest")
                  && !type.equals("MessageHeader")) {
                kept.add("urn:uuid:" + id);
              }
            });
    Set<String> referred = new HashSet<>();
    context()
        .newTerser()
        .getAllPopulatedChildElementsOfType(
            MarkedRecord.find(output, record.serviceRequestId()).orElseThrow(), Reference.class)
        .forEach(r -> referred.add(r.getReference()));
    assertThat(referred).as("references from the ServiceRequest").isEqualTo(kept);
  }
}
