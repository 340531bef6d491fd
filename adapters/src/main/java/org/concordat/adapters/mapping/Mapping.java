package org.concordat.adapters.mapping;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One local record format and its translation to and from FHIR R4, as read from a mapping file by
 * {@link Mappings}. Immutable and thread-safe; translate with {@link MappingEngine}.
 *
 * <p>The mapping's {@link #id()} is the local format's name, the one a sharing protocol uses in a
 * data category's {@code local} field lists.
 */
public final class Mapping {
  private final String id;
  private final String version;
  private final String title;
  private final String source;
  private final LocalFormat format;
  private final Map<String, ResourceSpec> resources;
  private final List<String> resourceOrder;
  private final List<Field> fields;
  private final @Nullable MappingLimits limits;

  Mapping(
      String id,
      String version,
      String title,
      String source,
      LocalFormat format,
      Map<String, ResourceSpec> resources,
      List<Field> fields,
      @Nullable MappingLimits limits) {
    this.id = Objects.requireNonNull(id, "id");
    this.version = Objects.requireNonNull(version, "version");
    this.title = Objects.requireNonNull(title, "title");
    this.source = Objects.requireNonNull(source, "source");
    this.format = Objects.requireNonNull(format, "format");
    this.resources = Map.copyOf(resources);
    this.fields = List.copyOf(fields);
    this.limits = limits;
    this.resourceOrder = List.copyOf(resources.keySet());
  }

  /** The local format's name, e.g. {@code voluntary-referral-form}. */
  public String id() {
    return id;
  }

  public String version() {
    return version;
  }

  public String title() {
    return title;
  }

  /** The file the mapping was read from, as given. */
  public String source() {
    return source;
  }

  /** {@code csv}, {@code json} or {@code xml}. */
  public String formatName() {
    return format.kind().name().toLowerCase(Locale.ROOT);
  }

  /** The media type of the local files, for replies and deliveries. */
  public String mediaType() {
    return switch (format.kind()) {
      case CSV -> "text/csv; charset=utf-8";
      case JSON -> "application/json";
      case XML -> "application/xml";
    };
  }

  /** The fields' names, in the order of the mapping file. */
  public List<String> fieldNames() {
    return fields.stream().map(Field::name).toList();
  }

  /** Whether any field is translated in {@code direction}. */
  public boolean supports(MappingDirection direction) {
    return fields.stream()
        .anyMatch(f -> direction == MappingDirection.IN ? f.goesIn() : f.goesOut());
  }

  LocalFormat format() {
    return format;
  }

  List<Field> fields() {
    return fields;
  }

  /** The resources in the order the mapping declares them. */
  List<ResourceSpec> resources() {
    return resourceOrder.stream().map(resources::get).toList();
  }

  @Nullable ResourceSpec resource(String name) {
    return resources.get(name);
  }

  /** The limits of this mapping within {@code engine}'s. */
  MappingLimits limitsWithin(MappingLimits engine) {
    return limits == null ? engine : engine.tighten(limits);
  }

  @Override
  public String toString() {
    return "Mapping["
        + id
        + " "
        + version
        + ", "
        + formatName()
        + ", "
        + fields.size()
        + " fields]";
  }
}
