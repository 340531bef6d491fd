package org.concordat.adapters.fhir.minimise;

import java.util.Objects;
import org.concordat.protocols.sharing.CategoryCode;
import org.hl7.fhir.r4.fhirpath.ExpressionNode;

/**
 * One FHIRPath selection of a category, compiled for resources of one type.
 *
 * @param source the selection as written in the protocol
 * @param evaluated what is evaluated: the source, with type-suffixed choice names such as {@code
 *     onsetDateTime} written as standard FHIRPath ({@code onset.ofType(dateTime)})
 * @param expression the parsed {@code evaluated}; never changed after compilation, so it may be
 *     shared between threads
 */
record Selection(
    CategoryCode category,
    String resourceType,
    String source,
    String evaluated,
    ExpressionNode expression) {
  Selection {
    Objects.requireNonNull(category, "category");
    Objects.requireNonNull(resourceType, "resourceType");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(evaluated, "evaluated");
    Objects.requireNonNull(expression, "expression");
  }
}
