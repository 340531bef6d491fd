package org.concordat.adapters.fhir;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.api.Test;

class SafeXmlTest {
  private final SafeXml safeXml = new SafeXml();

  @Test
  void acceptsPlainFhirXml() {
    safeXml.check(Notices.text(Notices.ADMISSION_XML).getBytes(UTF_8));
  }

  @Test
  void refusesEntityExpansion() {
    String billionLaughs =
        "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">"
            + "<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">]>"
            + "<Bundle xmlns=\"http://hl7.org/fhir\"><id value=\"&lol2;\"/></Bundle>";

    var problem = refusal(billionLaughs);

    assertThat(problem.kind()).isEqualTo(IssueKind.FORBIDDEN_XML_CONSTRUCT);
  }

  @Test
  void refusesADoctypeEvenWithoutEntities() {
    var problem =
        refusal(
            "<!DOCTYPE Bundle SYSTEM \"http://localhost:1/x.dtd\"><Bundle xmlns=\"http://hl7.org/fhir\"/>");

    assertThat(problem.kind()).isEqualTo(IssueKind.FORBIDDEN_XML_CONSTRUCT);
    assertThat(problem).hasMessage("XML documents with a DOCTYPE are not accepted");
  }

  @Test
  void refusesXmlThatIsNotWellFormed() {
    var problem = refusal("<Bundle xmlns=\"http://hl7.org/fhir\"><id value=\"x\"></Bundle>");

    assertThat(problem.kind()).isEqualTo(IssueKind.MALFORMED);
  }

  private InvalidMessageException refusal(String xml) {
    return catchThrowableOfType(
        InvalidMessageException.class, () -> safeXml.check(xml.getBytes(UTF_8)));
  }
}
