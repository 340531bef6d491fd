package org.concordat.adapters.fhir.minimise;

import java.util.Collections;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.concordat.protocols.sharing.CategoryCode;

/**
 * What minimisation removed from one place in a record, by path and count, never by value.
 *
 * @param path where, from the resource type: {@code Patient.name}, {@code Condition.onsetDateTime},
 *     {@code Condition} for a whole resource
 * @param categories the withheld categories that caused the removal
 * @param count how many times (elements, resources or references) at that path
 */
public record Removal(Kind kind, String path, Set<CategoryCode> categories, int count) {

  /** Why something went. */
  public enum Kind {
    /** An element selected by a withheld category (with everything inside it). */
    ELEMENT,
    /** A whole resource (its Bundle entry, or its place in {@code contained}). */
    RESOURCE,
    /** A reference to a resource that was removed, which would otherwise point at nothing. */
    REFERENCE,
    /** The narrative ({@code text}) of a resource that lost data or refers to one that did. */
    NARRATIVE,
    /** The {@code display} of a reference to a resource that lost data. */
    REFERENCE_DISPLAY
  }

  public Removal {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(path, "path");
    categories = Collections.unmodifiableSortedSet(new TreeSet<>(categories));
    if (count < 1) {
      throw new IllegalArgumentException("A removal counts at least one, not " + count);
    }
  }
}
