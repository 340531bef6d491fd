package org.concordat.adapters.fhir.consent;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import org.concordat.adapters.fhir.MessageFormat;
import org.concordat.adapters.fhir.Notices;
import org.concordat.protocols.sharing.Protocol;
import org.concordat.protocols.sharing.ProtocolReader;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Consent.ConsentProvisionType;
import org.hl7.fhir.r4.model.Consent.ProvisionComponent;
import org.hl7.fhir.r4.model.Consent.provisionActorComponent;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;

/** The example protocol, the sample Consent and the HL7 examples, shared by the consent tests. */
final class Consents {
  static final Path EXAMPLE_PROTOCOL = Path.of("../config/partnerships/example/protocol.yaml");
  static final Path SAMPLE = Path.of("../config/samples/consent-housing-support-XVO001.json");
  static final String REFERENCE = "Consent/3f2a9c1e/_history/2";

  /** The person in the sample, a number from the 999 test range. */
  static final String SAMPLE_NHS_NUMBER = "9990000042";

  static final Protocol PROTOCOL = ProtocolReader.read(EXAMPLE_PROTOCOL);

  private Consents() {}

  static Protocol protocol() {
    return PROTOCOL;
  }

  static ConsentReader reader() {
    return new ConsentReader(PROTOCOL);
  }

  /** A fresh copy of the documented sample, to change in a test. */
  static Consent sample() {
    try {
      return parse(Files.readString(SAMPLE, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A fresh copy of one HL7 R4 example, e.g. {@code consent-example-basic}. */
  static Consent hl7Example(String id) {
    String name = "/fhir/r4-consent-examples/Consent-" + id + ".json";
    try (InputStream in =
        Objects.requireNonNull(Consents.class.getResourceAsStream(name), "no example " + name)) {
      return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Parses as the broker does: HAPI's strict JSON parser. */
  static Consent parse(String json) {
    return (Consent) Notices.fhir().strictParser(MessageFormat.JSON).parseResource(json);
  }

  static InterpretedConsent read(Consent consent) {
    return reader().read(consent, REFERENCE);
  }

  /** The problems for which {@code consent} is refused; fails if it is accepted. */
  static java.util.List<String> problems(Consent consent) {
    try {
      read(consent);
    } catch (ConsentRejectedException e) {
      return e.problems();
    }
    throw new AssertionError("The Consent was accepted");
  }

  static Coding purpose(String code) {
    return new Coding(ConsentFormat.SHARING_PURPOSE_SYSTEM, code, null);
  }

  static CodeableConcept category(String code) {
    return new CodeableConcept(new Coding(ConsentFormat.DATA_CATEGORY_SYSTEM, code, null));
  }

  static Coding resourceType(String type) {
    return new Coding(ConsentFormat.RESOURCE_TYPES_SYSTEM, type, null);
  }

  static Reference ods(String code) {
    return new Reference()
        .setIdentifier(
            new Identifier().setSystem(ConsentFormat.ODS_ORGANISATION_SYSTEM).setValue(code));
  }

  static Reference nhsNumber(String value) {
    return new Reference()
        .setIdentifier(new Identifier().setSystem(ConsentFormat.NHS_NUMBER_SYSTEM).setValue(value));
  }

  static provisionActorComponent actor(String role, Reference who) {
    return new provisionActorComponent()
        .setRole(
            new CodeableConcept(new Coding(ConsentFormat.PARTICIPATION_TYPE_SYSTEM, role, null)))
        .setReference(who);
  }

  static ProvisionComponent provision(ConsentProvisionType type) {
    return new ProvisionComponent().setType(type);
  }

  static Period period(String start, String end) {
    Period period = new Period();
    if (start != null) {
      period.setStartElement(new DateTimeType(start));
    }
    if (end != null) {
      period.setEndElement(new DateTimeType(end));
    }
    return period;
  }

  /** The sample's root provision: permit housing-support to XVO001, with a deny of benefits. */
  static ProvisionComponent root(Consent consent) {
    return consent.getProvision();
  }
}
