package org.concordat.adapters.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.hl7.fhir.r4.model.Bundle;

/**
 * Mapping 2 round trip: LA record → FHIR → LA record is the identity on every mapped field, for any
 * record of the extract's shape (every code of every table, service components the table does not
 * list, optional groups of columns present or not, values a spreadsheet would read as formulas),
 * and every Bundle on the way is valid against UK Core with no errors.
 *
 * <p>What the mapping does not promise to keep is left out of the generator and documented in
 * docs/mappings.md: a carer's family name with a space in it (the name column is "given family"),
 * and codes that tables change on purpose (their default rules).
 */
class AscCldToUkCorePropertiesTest {
  private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("dd/MM/uuuu");

  @Property(tries = 200)
  void recordToFhirToRecordIsTheIdentity(@ForAll("records") Map<String, String> record) {
    byte[] csv =
        ReferralForms.ENGINE.write(AscCldToUkCoreTest.MAPPING, List.of(new LocalRecord(1, record)));

    MappingResult<Bundle> in =
        ReferralForms.ENGINE.in(AscCldToUkCoreTest.MAPPING, csv, "record.csv");
    assertThat(in.problems()).isEmpty();
    Bundle bundle = in.values().get(0);
    AscCldToUkCoreTest.assertValidAgainstUkCore(bundle);
    MappingResult<LocalRecord> out = ReferralForms.ENGINE.out(AscCldToUkCoreTest.MAPPING, bundle);

    assertThat(out.problems()).isEmpty();
    assertThat(out.values().get(0).values()).isEqualTo(record);
  }

  @Provide
  Arbitrary<Map<String, String>> records() {
    Arbitrary<Map<String, String>> who =
        Combinators.combine(
                Arbitraries.of("XLA001", "XLA002", "E10000014"),
                nhsNumbers(),
                identifiers("NMC-"),
                gpPractices().injectNull(0.2),
                locals("gender"),
                locals("ethnicity"))
            .as(
                (la, nhs, id, gp, gender, ethnicity) -> {
                  Map<String, String> values = new LinkedHashMap<>();
                  values.put("LA_Code", la);
                  values.put("NHS_Number", nhs);
                  values.put("LA_Person_Unique_Identifier", id);
                  put(values, "GP_Practice_Code", gp);
                  values.put("Gender", gender);
                  values.put("Ethnicity", ethnicity);
                  return values;
                });
    Arbitrary<Map<String, String>> person =
        Combinators.combine(
                who,
                dates(),
                dates().injectNull(0.8),
                postcodes().injectNull(0.1),
                locals("primary-support-reason").injectNull(0.2))
            .as(
                (values, born, died, postcode, reason) -> {
                  Map<String, String> all = new LinkedHashMap<>(values);
                  all.put("Date_of_Birth", born);
                  put(all, "Date_of_Death", died);
                  put(all, "Postcode", postcode);
                  put(all, "Primary_Support_Reason", reason);
                  return all;
                });
    Arbitrary<Map<String, String>> service =
        Combinators.combine(
                identifiers("SVC-").injectNull(0.2),
                days().injectNull(0.2),
                Arbitraries.integers().between(0, 4_000).injectNull(0.6),
                locals("service-type").injectNull(0.2),
                Arbitraries.oneOf(locals("service-component"), words(1, 3)).injectNull(0.2))
            .as(
                (reference, start, days, type, component) -> {
                  Map<String, String> values = new LinkedHashMap<>();
                  put(values, "Service_Event_Reference", reference);
                  put(values, "Service_Start_Date", start == null ? null : start.format(DATE));
                  // A period ends no earlier than it starts (FHIR per-1).
                  put(
                      values,
                      "Service_End_Date",
                      days == null
                          ? null
                          : (start == null ? LocalDate.of(2020, 1, 1) : start)
                              .plusDays(days)
                              .format(DATE));
                  put(values, "Service_Type", type);
                  put(values, "Service_Component", component);
                  return values;
                });
    Arbitrary<Map<String, String>> assessment =
        Combinators.combine(
                identifiers("ASM-").injectNull(0.3),
                locals("assessment-type").injectNull(0.3),
                dates().injectNull(0.3),
                dates().injectNull(0.3),
                Arbitraries.of("Yes", "No").injectNull(0.3))
            .as(
                (reference, type, start, end, eligible) -> {
                  Map<String, String> values = new LinkedHashMap<>();
                  put(values, "Assessment_Event_Reference", reference);
                  put(values, "Assessment_Type", type);
                  put(values, "Assessment_Start_Date", start);
                  put(values, "Assessment_End_Date", end);
                  put(values, "Eligible_Needs_Identified", eligible);
                  return values;
                });
    Arbitrary<Map<String, String>> carer =
        Combinators.combine(
                identifiers("NMC-").injectNull(0.4),
                Combinators.combine(words(1, 2), word())
                    .as((given, family) -> given + " " + family)
                    .injectNull(0.3),
                locals("carer-relationship").injectNull(0.3),
                phones().injectNull(0.3))
            .as(
                (id, name, relationship, phone) -> {
                  Map<String, String> values = new LinkedHashMap<>();
                  put(values, "Carer_LA_Person_Unique_Identifier", id);
                  put(values, "Carer_Name", name);
                  put(values, "Carer_Relationship", relationship);
                  put(values, "Carer_Phone", phone);
                  return values;
                });
    return Combinators.combine(person, service, assessment, carer)
        .as(
            (p, s, a, c) -> {
              Map<String, String> record = new LinkedHashMap<>(p);
              record.putAll(s);
              record.putAll(a);
              record.putAll(c);
              // In field order, as the mapping gives them back.
              Map<String, String> ordered = new LinkedHashMap<>();
              for (String field : AscCldToUkCoreTest.MAPPING.fieldNames()) {
                if (record.containsKey(field)) {
                  ordered.put(field, record.get(field));
                }
              }
              return ordered;
            });
  }

  private static void put(Map<String, String> values, String field, String value) {
    if (value != null) {
      values.put(field, value);
    }
  }

  /** Every local code of a table of the shipped mapping. */
  private static Arbitrary<String> locals(String table) {
    CodeTable codes =
        AscCldToUkCoreTest.MAPPING.fields().stream()
            .map(Field::codes)
            .filter(t -> t != null && t.name().equals(table))
            .findFirst()
            .orElseThrow();
    return Arbitraries.of(codes.entries().stream().map(CodeTable.Entry::local).toList());
  }

  private static Arbitrary<String> word() {
    return Arbitraries.strings()
        .withCharRange('a', 'z')
        .withChars("éøßŁ'-")
        .ofMinLength(1)
        .ofMaxLength(12)
        .map(w -> Character.toUpperCase(w.charAt(0)) + w.substring(1))
        .filter(
            w -> Character.isLetter(w.charAt(0)) && Character.isLetter(w.charAt(w.length() - 1)));
  }

  private static Arbitrary<String> words(int min, int max) {
    return word().list().ofMinSize(min).ofMaxSize(max).map(l -> String.join(" ", l));
  }

  private static Arbitrary<String> identifiers(String prefix) {
    return Arbitraries.integers().between(0, 9_999_999).map(n -> prefix + String.format("%07d", n));
  }

  private static Arbitrary<LocalDate> days() {
    return Arbitraries.integers().between(0, 45_000).map(d -> LocalDate.of(1900, 1, 1).plusDays(d));
  }

  private static Arbitrary<String> dates() {
    return days().map(DATE::format);
  }

  private static Arbitrary<String> gpPractices() {
    return Combinators.combine(
            Arbitraries.chars().range('A', 'Z'), Arbitraries.integers().between(0, 99_999))
        .as((letter, number) -> letter + String.format("%05d", number));
  }

  private static Arbitrary<String> postcodes() {
    return Combinators.combine(
            Arbitraries.strings().withCharRange('A', 'Z').ofMinLength(1).ofMaxLength(2),
            Arbitraries.integers().between(1, 99),
            Arbitraries.integers().between(0, 9),
            Arbitraries.strings().withCharRange('A', 'Z').ofLength(2))
        .as((area, district, sector, unit) -> area + district + " " + sector + unit);
  }

  /** UK numbers as people write them, some international (a leading + a spreadsheet would read). */
  private static Arbitrary<String> phones() {
    return Arbitraries.oneOf(
        Arbitraries.integers().between(0, 999).map(n -> String.format("01632 960%03d", n)),
        Arbitraries.integers().between(0, 999).map(n -> String.format("07700 900%03d", n)),
        Arbitraries.integers().between(0, 999).map(n -> String.format("+44 1632 960%03d", n)));
  }

  private static Arbitrary<String> nhsNumbers() {
    return Arbitraries.integers()
        .between(0, 999_999)
        .map(n -> String.format("999%06d", n))
        .map(AscCldToUkCorePropertiesTest::withCheckDigit)
        .filter(n -> n != null);
  }

  private static String withCheckDigit(String nine) {
    for (int d = 0; d <= 9; d++) {
      if (org.concordat.protocols.subject.NhsNumber.isValid(nine + d)) {
        return nine + d;
      }
    }
    return null;
  }
}
