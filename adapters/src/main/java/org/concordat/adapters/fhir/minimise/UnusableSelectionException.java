package org.concordat.adapters.fhir.minimise;

import java.util.Objects;
import org.concordat.protocols.sharing.CategoryCode;
import org.jspecify.annotations.Nullable;

/**
 * A category's FHIRPath selection that minimisation cannot honour, so nothing may be minimised (or
 * delivered) with it: it does not parse, names an element that FHIR R4 does not define for its
 * resource type, fails to evaluate, or yields computed values rather than elements of the record.
 * The first two are found when the {@link FhirMinimiser} is built, the others while minimising.
 * Messages name the category and the selection, never a value from a record.
 */
public final class UnusableSelectionException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final CategoryCode category;
  private final String selection;

  UnusableSelectionException(
      CategoryCode category, String selection, String problem, @Nullable Throwable cause) {
    super(
        "The selection "
            + Objects.requireNonNull(selection, "selection")
            + " of the category "
            + Objects.requireNonNull(category, "category")
            + " "
            + problem,
        cause);
    this.category = category;
    this.selection = selection;
  }

  public CategoryCode category() {
    return category;
  }

  /** The selection as written in the protocol. */
  public String selection() {
    return selection;
  }
}
