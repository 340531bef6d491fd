package org.concordat.adapters.mapping;

import ca.uhn.fhir.fhirpath.FhirPathExecutionException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.concordat.protocols.subject.InvalidNhsNumberException;
import org.concordat.protocols.subject.NhsNumber;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.DomainResource;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.jspecify.annotations.Nullable;

/** Reads one local record out of a FHIR resource or Bundle, going out. */
final class FhirReader {
  private final FhirPaths paths;
  private final Map<String, String> variables;

  FhirReader(FhirPaths paths, Map<String, String> variables) {
    this.paths = paths;
    this.variables = Map.copyOf(variables);
  }

  LocalRecord read(
      Mapping mapping,
      IBaseResource root,
      int record,
      MappingLimits limits,
      List<MappingProblem> problems) {
    Map<String, String> values = new LinkedHashMap<>();
    Map<String, @Nullable IBase> located = new LinkedHashMap<>();
    for (Field field : mapping.fields()) {
      if (!field.goesOut()) {
        continue;
      }
      List<IBase> found;
      try {
        found = find(mapping, field, root, located);
      } catch (FhirPathExecutionException e) {
        problems.add(
            MappingProblem.error(
                record,
                field.name(),
                "Its FHIRPath could not be evaluated: " + safe(e.getMessage())));
        continue;
      }
      String value;
      try {
        value = local(field, found, record, problems);
      } catch (Unreadable e) {
        problems.add(MappingProblem.error(record, field.name(), e.getMessage()));
        continue;
      }
      if (value == null || value.isEmpty()) {
        if (field.required()) {
          problems.add(
              MappingProblem.error(
                  record,
                  field.name(),
                  "The field is required but the FHIR content has no value for it."));
        }
        continue;
      }
      String problem = FieldValues.checkLocal(field, value);
      if (problem == null && value.length() > limits.maxValueChars()) {
        problem = "The value is longer than " + limits.maxValueChars() + " characters.";
      }
      if (problem != null) {
        problems.add(MappingProblem.error(record, field.name(), problem));
        continue;
      }
      values.put(field.name(), value);
    }
    return new LocalRecord(record, values);
  }

  private List<IBase> find(
      Mapping mapping, Field field, IBaseResource root, Map<String, @Nullable IBase> located) {
    if (field.outExpression() != null) {
      String variable = field.variable();
      if (variable != null) {
        String value = variables.get(variable);
        return value == null ? List.of() : List.of(new StringType(value));
      }
      return paths.evaluate(root, field.outExpression(), root);
    }
    ElementPath path = field.outPath();
    String resourceName = field.outResource();
    if (path == null || resourceName == null) {
      return List.of();
    }
    IBase resource = located.computeIfAbsent(resourceName, n -> locate(mapping.resource(n), root));
    return resource == null ? List.of() : path.read(resource, field.separator() != null);
  }

  /**
   * The resource a declared resource is found as: its {@code select} FHIRPath, else the input
   * itself if it has that type, else the {@code ordinal}th resource of that type among the Bundle's
   * entries or the resource's contained resources.
   */
  private @Nullable IBase locate(@Nullable ResourceSpec spec, IBaseResource root) {
    if (spec == null) {
      return null;
    }
    if (spec.select() != null) {
      List<IBase> selected = paths.evaluate(root, spec.select(), root);
      return selected.isEmpty() ? null : selected.get(0);
    }
    if (spec.type().equals(root.fhirType()) && spec.ordinal() == 0) {
      return root;
    }
    List<Resource> candidates = new ArrayList<>();
    if (root instanceof Bundle bundle) {
      for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
        if (entry.getResource() != null && spec.type().equals(entry.getResource().fhirType())) {
          candidates.add(entry.getResource());
        }
      }
    } else if (root instanceof DomainResource domain) {
      for (Resource contained : domain.getContained()) {
        if (spec.type().equals(contained.fhirType())) {
          candidates.add(contained);
        }
      }
    }
    return candidates.size() > spec.ordinal() ? candidates.get(spec.ordinal()) : null;
  }

  /** A value that cannot become the field's local value; the message is a safe sentence. */
  private static final class Unreadable extends Exception {
    private static final long serialVersionUID = 1L;

    Unreadable(String message) {
      super(message);
    }

    /** Always the message it was made with: never null. */
    @Override
    public String getMessage() {
      return Objects.requireNonNull(super.getMessage());
    }
  }

  private static @Nullable String local(
      Field field, List<IBase> found, int record, List<MappingProblem> problems) throws Unreadable {
    if (found.isEmpty()) {
      return null;
    }
    if (found.size() > 1 && field.separator() == null) {
      throw new Unreadable(
          "The FHIR content has "
              + found.size()
              + " values for this field, which holds one; add first() or a separator to the mapping.");
    }
    List<String> parts = new ArrayList<>();
    for (IBase value : found) {
      String part = one(field, value, record, problems);
      if (part != null && !part.isEmpty()) {
        parts.add(part);
      }
    }
    return parts.isEmpty()
        ? null
        : String.join(field.separator() == null ? "" : field.separator(), parts);
  }

  private static @Nullable String one(
      Field field, IBase value, int record, List<MappingProblem> problems) throws Unreadable {
    CodeTable table = field.codes();
    if (table != null) {
      return code(field, table, value, record, problems);
    }
    switch (field.type()) {
      case NAME -> {
        if (!(value instanceof HumanName name)) {
          throw new Unreadable(
              "The FHIR content gives a "
                  + value.fhirType()
                  + " where this field needs a HumanName.");
        }
        return name(field, name);
      }
      case NHS_NUMBER -> {
        try {
          NhsNumber number = NhsNumber.parse(text(value));
          String digits = number.value();
          return field.spacedNhsNumber()
              ? digits.substring(0, 3) + " " + digits.substring(3, 6) + " " + digits.substring(6)
              : digits;
        } catch (InvalidNhsNumberException e) {
          throw new Unreadable(e.getMessage() + ".");
        }
      }
      case DATE -> {
        return date(field, text(value));
      }
      case DATE_TIME -> {
        return dateTime(field, text(value));
      }
      case STRING -> {
        return text(value);
      }
    }
    return null;
  }

  private static String text(IBase value) throws Unreadable {
    if (value instanceof IPrimitiveType<?> primitive) {
      String text = primitive.getValueAsString();
      return text == null ? "" : text;
    }
    throw new Unreadable(
        "The FHIR content gives a "
            + value.fhirType()
            + " where this field needs a single value; end the path at one of its values.");
  }

  private static String date(Field field, String text) throws Unreadable {
    if (text.length() < 10) {
      throw new Unreadable("The FHIR date is not given to the day.");
    }
    LocalDate date = LocalDate.parse(text.substring(0, 10));
    DateTimeFormatter format = field.dateFormat();
    return format == null ? date.toString() : date.format(format);
  }

  private static String dateTime(Field field, String text) throws Unreadable {
    DateTimeFormatter format = field.dateFormat();
    if (format == null) {
      return text;
    }
    try {
      return OffsetDateTime.parse(text).atZoneSameInstant(FhirWriter.UK).format(format);
    } catch (DateTimeParseException e) {
      throw new Unreadable(
          "The FHIR dateTime has no time of day, so it cannot be written as "
              + field.formatText()
              + ".");
    }
  }

  private static String name(Field field, HumanName name) {
    String family = name.getFamily() == null ? "" : name.getFamily();
    String given =
        String.join(
            " ", name.getGiven().stream().map(g -> g.getValue()).filter(g -> g != null).toList());
    if (field.nameFormat() == Field.NameFormat.FAMILY_COMMA_GIVEN) {
      return given.isEmpty() ? family : family + ", " + given;
    }
    return (given + " " + family).strip();
  }

  private static @Nullable String code(
      Field field, CodeTable table, IBase value, int record, List<MappingProblem> problems)
      throws Unreadable {
    List<Coding> codings = new ArrayList<>();
    String plain = null;
    if (value instanceof CodeableConcept concept) {
      codings.addAll(concept.getCoding());
    } else if (value instanceof Coding coding) {
      codings.add(coding);
    } else if (value instanceof IPrimitiveType<?> primitive) {
      plain = primitive.getValueAsString();
    } else {
      throw new Unreadable(
          "The FHIR content gives a " + value.fhirType() + " where this field needs a code.");
    }
    CodeTable.Entry matched = table.forCodings(codings);
    if (matched != null) {
      return matched.local();
    }
    if (plain != null) {
      CodeTable.Entry entry = table.forCoding(null, plain);
      if (entry != null) {
        return entry.local();
      }
    }
    if (plain == null && codings.stream().allMatch(c -> c.getCode() == null)) {
      return null;
    }
    switch (table.unmapped()) {
      case FAIL -> throw new Unreadable("The FHIR code is not in table " + table.name() + ".");
      case DEFAULT -> {
        CodeTable.Entry fallback = table.defaultEntry();
        if (fallback == null) {
          throw new IllegalStateException("A default rule without its entry in " + table.name());
        }
        problems.add(
            MappingProblem.warning(
                record,
                field.name(),
                "The FHIR code is not in table "
                    + table.name()
                    + "; its default "
                    + fallback.local()
                    + " was used."));
        return fallback.local();
      }
      case PASS_THROUGH -> {
        if (plain != null) {
          return plain;
        }
        for (Coding coding : codings) {
          if (table.localSystem() == null || table.localSystem().equals(coding.getSystem())) {
            if (coding.getCode() != null) {
              return coding.getCode();
            }
          }
        }
        return codings.get(0).getCode();
      }
    }
    return null;
  }

  /** HAPI's FHIRPath messages name functions and types; drop its message code. */
  private static String safe(@Nullable String message) {
    return message == null ? "no reason given" : message.replaceAll("^HAPI-\\d+: ", "");
  }
}
