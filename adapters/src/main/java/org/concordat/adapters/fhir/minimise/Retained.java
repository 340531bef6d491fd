package org.concordat.adapters.fhir.minimise;

import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.concordat.protocols.sharing.CategoryCode;

/**
 * Elements that a withheld category selects but that stayed, because a permitted category selects
 * them too (or an element that contains them): the permitted category wins.
 *
 * @param path where, from the resource type, e.g. {@code Flag.period}
 * @param permittedBy the permitted categories that kept them
 * @param count how many elements at that path
 */
public record Retained(String path, Set<CategoryCode> permittedBy, int count) {
  public Retained {
    Objects.requireNonNull(path, "path");
    permittedBy = Collections.unmodifiableSortedSet(new TreeSet<>(permittedBy));
    if (count < 1) {
      throw new IllegalArgumentException("A retention counts at least one, not " + count);
    }
  }
}
