package org.concordat.adapters.mapping;

import ca.uhn.fhir.context.RuntimeResourceDefinition;
import ca.uhn.fhir.fhirpath.IFhirPath;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * A FHIR resource a mapping reads from (going out) or builds (going in), by the name the mapping's
 * paths start with.
 *
 * @param ordinal the position of this resource among the mapping's resources of the same type, from
 *     0, which decides which one it is found as going out when there is no {@code select}
 * @param select going out, a FHIRPath over the input that finds this resource
 * @param fixed going in, values set on the resource whenever it is built
 * @param references going in, references from this resource to others the record builds
 */
record ResourceSpec(
    String name,
    String type,
    RuntimeResourceDefinition definition,
    List<String> profiles,
    int ordinal,
    IFhirPath.@Nullable IParsedExpression select,
    List<FixedValue> fixed,
    List<Link> references) {

  /** A constant set going in. */
  record FixedValue(ElementPath path, String value) {}

  /** A reference set going in to another resource of the record, if that one is built. */
  record Link(ElementPath path, String target) {}
}
