package org.concordat.adapters.mapping;

import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import org.concordat.protocols.subject.InvalidNhsNumberException;
import org.concordat.protocols.subject.NhsNumber;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.HumanName;
import org.jspecify.annotations.Nullable;

/** Writes one local value into a resource, going in, converting it by the field's type. */
final class FhirWriter {
  /** Local dates and times without an offset are UK local time. */
  static final ZoneId UK = ZoneId.of("Europe/London");

  void write(
      Field field,
      ElementPath path,
      String value,
      IBaseResource resource,
      int record,
      List<MappingProblem> problems) {
    try {
      if (field.codes() != null) {
        writeCode(field, field.codes(), path, value, resource, record, problems);
        return;
      }
      switch (field.type()) {
        case NHS_NUMBER -> primitive(path, resource, NhsNumber.parse(value).value());
        case DATE -> primitive(path, resource, date(field, value));
        case DATE_TIME -> primitive(path, resource, dateTime(field, value));
        case NAME -> name(field, (HumanName) path.locate(resource, false), value);
        case STRING -> {
          if (field.separator() != null) {
            path.clearLast(resource);
            for (String part : split(value, field.separator())) {
              ElementPath.setPrimitive(path.locate(resource, true), part);
            }
          } else {
            primitive(path, resource, value);
          }
        }
      }
    } catch (InvalidNhsNumberException e) {
      problems.add(MappingProblem.error(record, field.name(), e.getMessage() + "."));
    } catch (DateTimeParseException e) {
      problems.add(
          MappingProblem.error(
              record,
              field.name(),
              "The value is not a "
                  + (field.type() == Field.ValueType.DATE ? "date" : "date and time")
                  + " in the form "
                  + pattern(field)
                  + "."));
    } catch (RuntimeException e) {
      // HAPI refuses a primitive it cannot parse (an unknown code, a malformed date or number).
      problems.add(
          MappingProblem.error(
              record,
              field.name(),
              "The value is not a valid " + path.targetType() + " for " + path.text() + "."));
    }
  }

  private static void primitive(ElementPath path, IBaseResource resource, String value) {
    ElementPath.setPrimitive(path.locate(resource, false), value);
  }

  private static String date(Field field, String value) {
    DateTimeFormatter format = field.dateFormat();
    return format == null
        ? LocalDate.parse(value).toString()
        : LocalDate.parse(value, format).toString();
  }

  private static String dateTime(Field field, String value) {
    DateTimeFormatter format = field.dateFormat();
    if (format == null) {
      return value; // as written: HAPI checks it is a FHIR dateTime
    }
    return LocalDateTime.parse(value, format)
        .atZone(UK)
        .toOffsetDateTime()
        .format(DateTimeFormatter.ISO_OFFSET_DATE_TIME);
  }

  private static String pattern(Field field) {
    return field.formatText() == null ? "ISO 8601" : field.formatText();
  }

  static List<String> split(String value, String separator) {
    List<String> parts = new ArrayList<>();
    for (String part : value.split(java.util.regex.Pattern.quote(separator))) {
      if (!part.isBlank()) {
        parts.add(part.strip());
      }
    }
    return parts;
  }

  private static void name(Field field, HumanName name, String value) {
    String family;
    String given;
    if (field.nameFormat() == Field.NameFormat.FAMILY_COMMA_GIVEN) {
      int comma = value.indexOf(',');
      family = comma < 0 ? value : value.substring(0, comma);
      given = comma < 0 ? "" : value.substring(comma + 1);
    } else {
      int space = value.strip().lastIndexOf(' ');
      family = space < 0 ? value : value.substring(space + 1);
      given = space < 0 ? "" : value.substring(0, space);
    }
    name.setFamily(family.strip());
    name.getGiven().clear();
    for (String part : split(given, " ")) {
      name.addGiven(part);
    }
  }

  private static void writeCode(
      Field field,
      CodeTable table,
      ElementPath path,
      String value,
      IBaseResource resource,
      int record,
      List<MappingProblem> problems) {
    CodeTable.Entry entry = table.forLocal(value);
    @Nullable String system;
    String code;
    @Nullable String display;
    List<CodeTable.Also> also = List.of();
    if (entry != null) {
      system = entry.system();
      code = entry.code();
      display = entry.display();
      also = entry.also();
    } else {
      switch (table.unmapped()) {
        case FAIL -> {
          problems.add(
              MappingProblem.error(
                  record,
                  field.name(),
                  "The value is not a code in table "
                      + table.name()
                      + " ("
                      + table.localCodes()
                      + ")."));
          return;
        }
        case DEFAULT -> {
          CodeTable.Entry fallback = table.defaultEntry();
          if (fallback == null) {
            throw new IllegalStateException("A default rule without its entry in " + table.name());
          }
          system = fallback.system();
          code = fallback.code();
          display = fallback.display();
          also = fallback.also();
          problems.add(
              MappingProblem.warning(
                  record,
                  field.name(),
                  "The value is not in table "
                      + table.name()
                      + "; its default "
                      + fallback.local()
                      + " was used."));
        }
        case PASS_THROUGH -> {
          system = table.localSystem();
          code = value;
          display = null;
        }
        default -> throw new IllegalStateException("Unknown rule " + table.unmapped());
      }
    }
    IBase target = path.locate(resource, false);
    switch (path.target()) {
      case CODING -> coding((Coding) target, system, code, display);
      case CODEABLE_CONCEPT -> {
        CodeableConcept concept = (CodeableConcept) target;
        coding(concept.getCodingFirstRep(), system, code, display);
        for (CodeTable.Also further : also) {
          coding(concept.addCoding(), further.system(), further.code(), further.display());
        }
      }
      default -> ElementPath.setPrimitive(target, code);
    }
  }

  private static void coding(
      Coding coding, @Nullable String system, String code, @Nullable String display) {
    coding.setSystem(system);
    coding.setCode(code);
    coding.setDisplay(display);
  }
}
