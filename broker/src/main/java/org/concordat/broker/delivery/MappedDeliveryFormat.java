package org.concordat.broker.delivery;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.concordat.adapters.mapping.LocalRecord;
import org.concordat.adapters.mapping.Mapping;
import org.concordat.adapters.mapping.MappingEngine;
import org.concordat.adapters.mapping.MappingResult;
import org.concordat.protocols.sharing.CategoryCode;
import org.hl7.fhir.r4.model.Bundle;

/**
 * A delivery format described by a mapping in {@code config/mappings} (docs/mappings.md): the
 * notice's Bundle goes out through the mapping as one record, written as one file named {@code
 * <prefix><ledger index>.<csv|json|xml>}. The mapping's fields that take the caller's {@code
 * %ledgerIndex} get the index last, when it is known. Immutable and thread-safe.
 */
final class MappedDeliveryFormat implements DeliveryFormat {
  /** The caller's variable a mapping uses for the disclosure's ledger index. */
  public static final String LEDGER_INDEX = "ledgerIndex";

  private final String name;
  private final Mapping mapping;
  private final MappingEngine engine;
  private final Set<CategoryCode> categories;
  private final String filePrefix;

  /**
   * @param name the format's name in configuration and in the protocol's {@code local} field lists
   * @param categories the protocol's categories that name fields of this format: what is asked for
   * @param filePrefix the start of each delivered file's name, e.g. {@code referral-}
   */
  public MappedDeliveryFormat(
      String name,
      Mapping mapping,
      MappingEngine engine,
      Set<CategoryCode> categories,
      String filePrefix) {
    this.name = Objects.requireNonNull(name, "name");
    this.mapping = Objects.requireNonNull(mapping, "mapping");
    this.engine = Objects.requireNonNull(engine, "engine");
    this.categories = Set.copyOf(categories);
    this.filePrefix = Objects.requireNonNull(filePrefix, "filePrefix");
  }

  @Override
  public String name() {
    return name;
  }

  @Override
  public Set<CategoryCode> categories() {
    return categories;
  }

  /** The mapping this format is written with. */
  public Mapping mapping() {
    return mapping;
  }

  @Override
  public Translation translate(Bundle minimised) {
    MappingResult<LocalRecord> result = engine.out(mapping, List.of(minimised), Map.of());
    if (result.hasErrors() || result.records().size() != 1) {
      throw new TranslationException(name, result.problems());
    }
    LocalRecord record = result.values().get(0);
    return ledgerIndex -> {
      if (ledgerIndex < 0) {
        throw new IllegalArgumentException("A ledger index is never negative: " + ledgerIndex);
      }
      LocalRecord complete =
          engine.withVariables(mapping, record, Map.of(LEDGER_INDEX, Long.toString(ledgerIndex)));
      return new Delivery(
          filePrefix + ledgerIndex + "." + mapping.formatName(),
          mapping.mediaType(),
          engine.write(mapping, List.of(complete)));
    };
  }

  @Override
  public String toString() {
    return "MappedDeliveryFormat[" + name + ", " + mapping.id() + "]";
  }
}
