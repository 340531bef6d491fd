package org.concordat.protocols.sharing;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * A named slice of a record, and which parties are responsible for it.
 *
 * @param fhirPaths FHIRPath selections per FHIR resource type, e.g. {@code Patient ->
 *     [Patient.name, Patient.birthDate]}
 * @param localFields local field names per local format, e.g. {@code social-care-referral-csv ->
 *     [family_name, given_name]}
 * @param responsible the parties whose domain the data is (sole or joint); empty when the category
 *     is shared or nobody was named
 * @param shared whether every party holds and may pass on this data ({@code responsible: shared})
 */
public record DataCategory(
    CategoryCode code,
    String description,
    Map<String, List<String>> fhirPaths,
    Map<String, List<String>> localFields,
    Set<OdsCode> responsible,
    boolean shared) {
  public DataCategory {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(description, "description");
    fhirPaths = Map.copyOf(fhirPaths);
    localFields = Map.copyOf(localFields);
    responsible = Set.copyOf(responsible);
    if (shared && !responsible.isEmpty()) {
      throw new IllegalArgumentException("A shared category names no responsible party");
    }
  }

  /** A shared category (every party may pass it on); for tests and tools. */
  public static DataCategory shared(CategoryCode code, String description) {
    return new DataCategory(code, description, Map.of(), Map.of(), Set.of(), true);
  }

  /** Whether {@code party} may pass this category on as its own data. */
  public boolean isResponsible(OdsCode party) {
    return shared || responsible.contains(party);
  }
}
