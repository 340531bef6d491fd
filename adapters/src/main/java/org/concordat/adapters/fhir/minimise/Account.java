package org.concordat.adapters.fhir.minimise;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.concordat.protocols.sharing.CategoryCode;

/** Counts removals and retentions by path (never by value), in order of first occurrence. */
final class Account {
  private record RemovalKey(Removal.Kind kind, String path, Set<CategoryCode> categories) {}

  private record RetainedKey(String path, Set<CategoryCode> permittedBy) {}

  private final Map<RemovalKey, Integer> removals = new LinkedHashMap<>();
  private final Map<RetainedKey, Integer> retained = new LinkedHashMap<>();

  void removed(Removal.Kind kind, String path, Set<CategoryCode> categories) {
    removals.merge(new RemovalKey(kind, path, new TreeSet<>(categories)), 1, Integer::sum);
  }

  void retained(String path, Set<CategoryCode> permittedBy) {
    retained.merge(new RetainedKey(path, new TreeSet<>(permittedBy)), 1, Integer::sum);
  }

  List<Removal> removals() {
    List<Removal> list = new ArrayList<>();
    removals.forEach((k, n) -> list.add(new Removal(k.kind(), k.path(), k.categories(), n)));
    return list;
  }

  List<Retained> retained() {
    List<Retained> list = new ArrayList<>();
    retained.forEach((k, n) -> list.add(new Retained(k.path(), k.permittedBy(), n)));
    return list;
  }
}
