package org.concordat.adapters.mapping;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.hl7.fhir.r4.model.Coding;
import org.jspecify.annotations.Nullable;

/**
 * A code-system translation table, like a FHIR ConceptMap: each entry pairs a local code with a
 * FHIR coding (system, code, display), and optionally with further codings ({@code also}) written
 * beside it in a CodeableConcept. Several local codes may share one coding; going out, the entry
 * whose codings are all present and which has the most of them is used (so a further coding tells
 * entries that share their first coding apart), and among equals the first listed. What happens to
 * a code that is not in the table is the table's {@link Unmapped} rule, the same in both
 * directions.
 */
final class CodeTable {

  /** What to do with a code the table does not list. */
  enum Unmapped {
    /** The record fails, naming the field and the table. */
    FAIL,
    /** The code is passed on unchanged (going in, with the table's local system if it has one). */
    PASS_THROUGH,
    /** The table's default entry is used instead. */
    DEFAULT
  }

  /**
   * One pairing; {@code system} is null where the target is a plain code or boolean.
   *
   * @param also further codings of the same concept, written after the first in a CodeableConcept
   */
  record Entry(
      String local,
      @Nullable String system,
      String code,
      @Nullable String display,
      List<Also> also) {

    Entry {
      also = List.copyOf(also);
    }

    Entry(String local, @Nullable String system, String code, @Nullable String display) {
      this(local, system, code, display, List.of());
    }
  }

  /** A further coding of an entry's concept, in another code system. */
  record Also(String system, String code, @Nullable String display) {}

  private final String name;
  private final Unmapped unmapped;
  private final @Nullable Entry defaultEntry;
  private final @Nullable String localSystem;
  private final boolean ignoreCase;
  private final List<Entry> entries;
  private final Map<String, Entry> byLocal = new LinkedHashMap<>();

  CodeTable(
      String name,
      Unmapped unmapped,
      @Nullable String defaultLocal,
      @Nullable String localSystem,
      boolean ignoreCase,
      List<Entry> entries) {
    this.name = name;
    this.unmapped = unmapped;
    this.localSystem = localSystem;
    this.ignoreCase = ignoreCase;
    this.entries = List.copyOf(entries);
    for (Entry entry : entries) {
      byLocal.putIfAbsent(key(entry.local()), entry);
    }
    this.defaultEntry = defaultLocal == null ? null : byLocal.get(key(defaultLocal));
  }

  String name() {
    return name;
  }

  Unmapped unmapped() {
    return unmapped;
  }

  @Nullable Entry defaultEntry() {
    return defaultEntry;
  }

  @Nullable String localSystem() {
    return localSystem;
  }

  List<Entry> entries() {
    return entries;
  }

  /** The entry for a local code, or null. */
  @Nullable Entry forLocal(String local) {
    return byLocal.get(key(local));
  }

  /**
   * The first entry for a FHIR code; with a system, only entries of that system (or without one)
   * match, and without one only entries whose code matches.
   */
  @Nullable Entry forCoding(@Nullable String system, String code) {
    for (Entry entry : entries) {
      if (entry.code().equals(code)
          && (system == null || entry.system() == null || entry.system().equals(system))) {
        return entry;
      }
    }
    return null;
  }

  /** Whether any entry has further codings, which only a CodeableConcept can hold. */
  boolean hasFurtherCodings() {
    return entries.stream().anyMatch(e -> !e.also().isEmpty());
  }

  /**
   * The entry for a CodeableConcept's codings: for the first coding (in the concept's order) that
   * is some entry's first coding, the entry among those whose further codings are all present too
   * that has the most codings, the first listed among equals; or null.
   */
  @Nullable Entry forCodings(List<Coding> codings) {
    for (Coding coding : codings) {
      if (coding.getCode() == null) {
        continue;
      }
      Entry best = null;
      for (Entry entry : entries) {
        if (matches(entry.system(), entry.code(), coding)
            && (best == null || entry.also().size() > best.also().size())
            && entry.also().stream()
                .allMatch(a -> codings.stream().anyMatch(c -> matches(a.system(), a.code(), c)))) {
          best = entry;
        }
      }
      if (best != null) {
        return best;
      }
    }
    return null;
  }

  private static boolean matches(@Nullable String system, String code, Coding coding) {
    return code.equals(coding.getCode())
        && (coding.getSystem() == null || system == null || system.equals(coding.getSystem()));
  }

  /** The local codes, for messages: codes are not personal data, and the list helps the sender. */
  String localCodes() {
    StringBuilder codes = new StringBuilder();
    int shown = 0;
    for (String local : byLocal.keySet()) {
      if (shown == 12) {
        codes.append(", …");
        break;
      }
      codes.append(shown == 0 ? "" : ", ").append(byLocal.get(local).local());
      shown++;
    }
    return codes.toString();
  }

  private String key(String local) {
    return ignoreCase ? local.toLowerCase(Locale.ROOT) : local;
  }
}
