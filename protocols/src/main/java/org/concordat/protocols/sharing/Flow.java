package org.concordat.protocols.sharing;

import java.util.Objects;
import java.util.Set;

/** One agreed flow: data in these categories may pass from one party to another for a purpose. */
public record Flow(OdsCode from, OdsCode to, PurposeCode purpose, Set<CategoryCode> categories) {
  public Flow {
    Objects.requireNonNull(from, "from");
    Objects.requireNonNull(to, "to");
    Objects.requireNonNull(purpose, "purpose");
    categories = Set.copyOf(categories);
  }
}
