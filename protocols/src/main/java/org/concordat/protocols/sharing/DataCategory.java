package org.concordat.protocols.sharing;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A named slice of a record.
 *
 * @param fhirPaths FHIRPath selections per FHIR resource type, e.g. {@code Patient ->
 *     [Patient.name, Patient.birthDate]}
 * @param localFields local field names per local format, e.g. {@code social-care-referral-csv ->
 *     [family_name, given_name]}
 */
public record DataCategory(
    CategoryCode code,
    String description,
    Map<String, List<String>> fhirPaths,
    Map<String, List<String>> localFields) {
  public DataCategory {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(description, "description");
    fhirPaths = Map.copyOf(fhirPaths);
    localFields = Map.copyOf(localFields);
  }
}
