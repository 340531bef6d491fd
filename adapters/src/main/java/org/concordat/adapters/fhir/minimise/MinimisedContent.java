package org.concordat.adapters.fhir.minimise;

import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import org.concordat.protocols.sharing.CategoryCode;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * A record after minimisation: a deep copy of what was given with the withheld categories removed,
 * and an account of what went. The account holds paths and counts only, so it may be logged and put
 * in the ledger; {@link #toString()} never shows the content.
 *
 * @param content the minimised copy (the input is never changed)
 * @param withheld the categories that were withheld (every protocol category not permitted)
 * @param removals what was removed, in document order of first occurrence
 * @param retained what a withheld category selects but stayed because a permitted one selects it
 */
public record MinimisedContent(
    IBaseResource content,
    Set<CategoryCode> withheld,
    List<Removal> removals,
    List<Retained> retained) {
  public MinimisedContent {
    Objects.requireNonNull(content, "content");
    withheld = Collections.unmodifiableSortedSet(new TreeSet<>(withheld));
    removals = List.copyOf(removals);
    retained = List.copyOf(retained);
  }

  /** Whether anything at all was removed. */
  public boolean changed() {
    return !removals.isEmpty();
  }

  /** How many things of {@code kind} were removed. */
  public int count(Removal.Kind kind) {
    return removals.stream().filter(r -> r.kind() == kind).mapToInt(Removal::count).sum();
  }

  @Override
  public String toString() {
    return "MinimisedContent["
        + content.fhirType()
        + ", withheld="
        + withheld
        + ", removals="
        + removals
        + ", retained="
        + retained
        + "]";
  }
}
