package org.concordat.adapters.mapping;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.concordat.protocols.subject.NhsNumber;
import org.hl7.fhir.r4.model.Bundle;

/**
 * Form → FHIR → form is the identity on every mapped field, for any referral a person could fill in
 * (values without leading or trailing spaces, given names separated by single spaces, NHS numbers
 * in the 999 test range), and every FHIR Bundle on the way is valid against UK Core.
 */
class VoluntaryReferralFormPropertiesTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final DateTimeFormatter FORM_DATE = DateTimeFormatter.ofPattern("dd/MM/uuuu");

  @Property(tries = 150)
  void formToFhirToFormIsTheIdentity(@ForAll("forms") Map<String, String> form) throws Exception {
    byte[] json = JSON.writeValueAsBytes(toJson(form));

    MappingResult<Bundle> in = ReferralForms.ENGINE.in(ReferralForms.form(), json, "form.json");
    assertThat(in.problems()).isEmpty();
    Bundle bundle = in.values().get(0);
    assertThat(ReferralForms.validator().validate(bundle).errors()).isEmpty();
    MappingResult<LocalRecord> out = ReferralForms.ENGINE.out(ReferralForms.form(), bundle);

    assertThat(out.problems()).isEmpty();
    assertThat(out.values().get(0).values()).isEqualTo(form);
  }

  private static ObjectNode toJson(Map<String, String> form) {
    ObjectNode root = JSON.createObjectNode();
    ObjectNode person = root.putObject("person");
    form.forEach(
        (field, value) -> {
          switch (field) {
            case "nhsNumber", "familyName", "givenNames", "dateOfBirth" -> person.put(field, value);
            default -> root.put(field, value);
          }
        });
    return root;
  }

  @Provide
  Arbitrary<Map<String, String>> forms() {
    Arbitrary<String> word =
        Arbitraries.strings()
            .withCharRange('a', 'z')
            .withChars("ÁéïøßŁ'-")
            .ofMinLength(1)
            .ofMaxLength(12)
            .map(w -> Character.toUpperCase(w.charAt(0)) + w.substring(1))
            .filter(
                w ->
                    Character.isLetter(w.charAt(0))
                        && Character.isLetter(w.charAt(w.length() - 1)));
    Arbitrary<String> givenNames =
        word.list().ofMinSize(1).ofMaxSize(3).map(l -> String.join(" ", l));
    Arbitrary<String> freeText =
        Arbitraries.strings()
            .withCharRange(' ', '~')
            .withChars("£éü—\n")
            .ofMinLength(1)
            .ofMaxLength(120)
            .filter(s -> !s.isBlank() && s.strip().equals(s));
    Arbitrary<LocalDate> dates =
        Arbitraries.integers().between(0, 45_000).map(d -> LocalDate.of(1900, 1, 1).plusDays(d));
    Arbitrary<String> nhsNumbers =
        Arbitraries.integers()
            .between(0, 999_999)
            .map(n -> String.format("999%06d", n))
            .map(VoluntaryReferralFormPropertiesTest::withCheckDigit)
            .filter(n -> n != null);
    Arbitrary<String> referralIds =
        Arbitraries.strings()
            .withCharRange('A', 'Z')
            .numeric()
            .withChars('-')
            .ofMinLength(1)
            .ofMaxLength(20);
    Arbitrary<Map<String, String>> people =
        Combinators.combine(
                nhsNumbers,
                word,
                givenNames.injectNull(0.2),
                dates.map(FORM_DATE::format).injectNull(0.2))
            .as(
                (nhs, family, given, born) -> {
                  Map<String, String> person = new LinkedHashMap<>();
                  person.put("nhsNumber", nhs);
                  person.put("familyName", family);
                  putIfPresent(person, "givenNames", given);
                  putIfPresent(person, "dateOfBirth", born);
                  return person;
                });
    return Combinators.combine(
            referralIds,
            people,
            Arbitraries.of("housing", "benefits", "employment"),
            Arbitraries.of("yes", "no"),
            freeText.injectNull(0.3),
            dates.map(FORM_DATE::format).injectNull(0.3),
            freeText.injectNull(0.5))
        .as(
            (id, person, support, consent, referrer, referredOn, notes) -> {
              Map<String, String> form = new LinkedHashMap<>();
              form.put("referralId", id);
              form.putAll(person);
              form.put("supportNeeded", support);
              form.put("consentToShare", consent);
              putIfPresent(form, "referrer", referrer);
              putIfPresent(form, "referredOn", referredOn);
              putIfPresent(form, "notes", notes);
              return form;
            });
  }

  private static void putIfPresent(Map<String, String> form, String field, String value) {
    if (value != null) {
      form.put(field, value);
    }
  }

  private static String withCheckDigit(String nine) {
    for (int d = 0; d <= 9; d++) {
      if (NhsNumber.isValid(nine + d)) {
        return nine + d;
      }
    }
    return null;
  }

  static byte[] utf8(String text) {
    return text.getBytes(UTF_8);
  }
}
