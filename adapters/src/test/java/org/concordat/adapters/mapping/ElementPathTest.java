package org.concordat.adapters.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.context.FhirContext;
import java.util.List;
import org.hl7.fhir.instance.model.api.IBase;
import org.hl7.fhir.instance.model.api.IPrimitiveType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.junit.jupiter.api.Test;

/** The element path grammar: what it reads is what it writes, and bad paths say where they fail. */
class ElementPathTest {
  private static final FhirContext R4 = FhirContext.forR4Cached();

  private static ElementPath path(String resource, String text) throws ElementPath.PathException {
    List<ElementPath.Syntax> steps = ElementPath.parse(text);
    return ElementPath.resolve(R4, text, resource, steps.subList(1, steps.size()));
  }

  private static String value(List<IBase> found) {
    return ((IPrimitiveType<?>) found.get(0)).getValueAsString();
  }

  @Test
  void findsAgainWhatItWrote() throws Exception {
    ElementPath phone =
        path("Patient", "Patient.telecom.where(system='phone' and use='mobile').value");
    ElementPath home =
        path("Patient", "Patient.telecom.where(system='phone' and use='home').value");
    ElementPath second = path("Patient", "Patient.name[1].given[2]");
    Patient patient = new Patient();

    ElementPath.setPrimitive(home.locate(patient, false), "01632 960123");
    ElementPath.setPrimitive(phone.locate(patient, false), "07700 900123");
    ElementPath.setPrimitive(second.locate(patient, false), "Third");

    assertThat(value(phone.read(patient, false))).isEqualTo("07700 900123");
    assertThat(value(home.read(patient, false))).isEqualTo("01632 960123");
    assertThat(value(second.read(patient, false))).isEqualTo("Third");
    assertThat(patient.getTelecom()).hasSize(2);
    assertThat(patient.getName()).hasSize(2);
    assertThat(patient.getName().get(1).getGiven()).hasSize(3);
  }

  @Test
  void writesExtensionsByUrlAndTheirTypedValues() throws Exception {
    ElementPath consent =
        path(
            "ServiceRequest",
            "ServiceRequest.extension.where(url='https://fhir.concordat.example/StructureDefinition/consent-to-share').valueBoolean");
    ServiceRequest request = new ServiceRequest();

    ElementPath.setPrimitive(consent.locate(request, false), "true");

    assertThat(
            request
                .getExtensionByUrl(
                    "https://fhir.concordat.example/StructureDefinition/consent-to-share")
                .getValue()
                .primitiveValue())
        .isEqualTo("true");
    assertThat(value(consent.read(request, false))).isEqualTo("true");
  }

  @Test
  void readsQuotedTextWithEscapes() throws Exception {
    assertThat(ElementPath.parse("Patient.identifier.where(system='it\\'s').value"))
        .extracting(ElementPath.Syntax::name)
        .containsExactly("Patient", "identifier", "value");
    assertThat(ElementPath.parse("Patient.identifier.where(system='it\\'s').value").get(1).where())
        .containsExactly(new ElementPath.Condition("system", "it's"));
  }

  @Test
  void saysWhereAPathCannotBeRead() {
    assertThatThrownBy(() -> ElementPath.parse("Patient.name[x]"))
        .hasMessage(
            "The path 'Patient.name[x]' cannot be read at character 14: expected an index such as [0]");
    assertThatThrownBy(() -> ElementPath.parse("Patient.identifier.where(system='x).value"))
        .hasMessageEndingWith("the quoted text is not closed with '");
    assertThatThrownBy(() -> ElementPath.parse("Patient..name"))
        .hasMessageEndingWith("expected an element name");
  }

  @Test
  void refusesPathsThatFhirR4DoesNotHave() {
    assertThatThrownBy(() -> path("Patient", "Patient.birthDate.value"))
        .hasMessage("Patient.birthDate is a date value; nothing can follow it in the path");
    assertThatThrownBy(() -> path("Patient", "Patient.deceased"))
        .hasMessageContaining("is a choice of types; name one");
    assertThatThrownBy(() -> path("Patient", "Patient.gender[1]"))
        .hasMessage("Patient.gender does not repeat, so it has no [1]");
    assertThatThrownBy(() -> path("Patient", "Patient.name.where(period='x').family"))
        .hasMessageContaining("period is not a single value inside name");
  }
}
