package org.concordat.adapters.fhir.validation;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The streaming pass that refuses bodies no partner system sends, before any validation. */
class ElementLimitsTest {
  private static final ElementLimits LIMITS = new ElementLimits(32, 100, 10_000);

  private static byte[] jsonConsentWithPurposes(int purposes) {
    StringBuilder json =
        new StringBuilder("{\"resourceType\":\"Consent\",\"status\":\"active\",\"provision\":{");
    json.append("\"type\":\"permit\",\"purpose\":[");
    for (int i = 0; i < purposes; i++) {
      json.append(i == 0 ? "" : ",")
          .append("{\"system\":\"https://fhir.concordat.example/CodeSystem/sharing-purpose\",")
          .append("\"code\":\"housing-support\"}");
    }
    return json.append("]}}").toString().getBytes(UTF_8);
  }

  private static byte[] xmlConsentWithCategories(int categories) {
    StringBuilder xml =
        new StringBuilder("<Consent xmlns=\"http://hl7.org/fhir\"><status value=\"active\"/>");
    for (int i = 0; i < categories; i++) {
      xml.append("<category><coding><code value=\"59284-0\"/></coding></category>");
    }
    return xml.append("</Consent>").toString().getBytes(UTF_8);
  }

  @Test
  void refusesTwentyThousandRepeatsOfOnePurposeNamingTheElementAndTheLimit() {
    assertThatThrownBy(() -> LIMITS.check("Consent", jsonConsentWithPurposes(20_000)))
        .isInstanceOfSatisfying(
            ElementLimits.ExceededException.class,
            e -> assertThat(e.element()).isEqualTo("Consent.provision.purpose"))
        .hasMessageContaining("Consent.provision.purpose repeats more than 100 times")
        .hasMessageContaining("the most accepted is 100");
  }

  @Test
  void refusesOneHundredThousandCategoriesInXml() {
    assertThatThrownBy(() -> LIMITS.check("Consent", xmlConsentWithCategories(100_000)))
        .isInstanceOfSatisfying(
            ElementLimits.ExceededException.class,
            e -> assertThat(e.element()).isEqualTo("Consent.category"));
  }

  @Test
  void refusesDeepNestingAndTooManyElementsInAll() {
    String deep = "{\"resourceType\":\"Consent\",\"a\":" + "[".repeat(40) + "]".repeat(40) + "}";
    assertThatThrownBy(() -> LIMITS.check("Consent", deep.getBytes(UTF_8)))
        .hasMessageContaining("nested more than 32 levels deep");
    ElementLimits few = new ElementLimits(32, 100, 50);
    assertThatThrownBy(() -> few.check("Consent", jsonConsentWithPurposes(30)))
        .hasMessageContaining("Consent has more than 50 elements");
  }

  @Test
  void passesTheSampleConsentAndLeavesMalformedTextToTheParser() throws IOException {
    LIMITS.check(
        "Consent",
        Files.readAllBytes(Path.of("../config/samples/consent-housing-support-XVO001.json")));
    LIMITS.check("Consent", jsonConsentWithPurposes(100));
    LIMITS.check("Consent", xmlConsentWithCategories(100));
    LIMITS.check("Consent", "{\"purpose\":[1,2,".getBytes(UTF_8));
    LIMITS.check("Consent", "name=value".getBytes(UTF_8));
  }
}
