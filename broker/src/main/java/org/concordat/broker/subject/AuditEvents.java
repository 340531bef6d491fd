package org.concordat.broker.subject;

import java.util.Date;
import org.concordat.protocols.decision.Reason;
import org.concordat.protocols.ledger.DisclosureBody;
import org.concordat.protocols.ledger.LedgerEntry;
import org.concordat.protocols.subject.NhsNumber;
import org.hl7.fhir.r4.model.AuditEvent;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventAction;
import org.hl7.fhir.r4.model.AuditEvent.AuditEventOutcome;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;

/**
 * One ledger entry as an AuditEvent following IHE BALP "privacy disclosure at source": type DICOM
 * 110106 Export, subtype ISO 21089 disclose; the sender as source and the recipient as destination
 * agents (by ODS code); the person and the ledger entry as entities. A denial is recorded with a
 * failure outcome and the reasons.
 */
final class AuditEvents {
  static final String DCM = "http://dicom.nema.org/resources/ontology/DCM";
  static final String LIFECYCLE = "http://terminology.hl7.org/CodeSystem/iso-21089-lifecycle";
  static final String ODS = "https://fhir.nhs.uk/Id/ods-organization-code";
  static final String PURPOSE = "urn:concordat:purpose";
  static final String ENTITY_TYPE = "http://terminology.hl7.org/CodeSystem/audit-entity-type";
  static final String ENTITY_ROLE = "http://terminology.hl7.org/CodeSystem/object-role";

  private final String ledgerOrigin;

  /**
   * @param ledgerOrigin the ledger's checkpoint origin: the system of ledger-index identifiers
   */
  public AuditEvents(String ledgerOrigin) {
    this.ledgerOrigin = ledgerOrigin;
  }

  public AuditEvent of(LedgerEntry entry, NhsNumber person) {
    DisclosureBody body = entry.disclosureBody();
    boolean denied = body.isDenial() || entry.type().wireName().equals("delivery-failed");
    AuditEvent event = new AuditEvent();
    event.setId("ledger-" + entry.index());
    event
        .getMeta()
        .addProfile(
            "https://profiles.ihe.net/ITI/BALP/StructureDefinition/IHE.BasicAudit.PrivacyDisclosure.Source");
    event.setType(new Coding(DCM, "110106", "Export"));
    event.addSubtype(new Coding(LIFECYCLE, "disclose", "Disclose Record Lifecycle Event"));
    event.setAction(AuditEventAction.R);
    event.setRecorded(Date.from(entry.time()));
    event.setOutcome(denied ? AuditEventOutcome._4 : AuditEventOutcome._0);
    event.setOutcomeDesc(
        entry.type().wireName()
            + " ("
            + body.decision()
            + "): "
            + String.join(" ", body.reasons().stream().map(Reason::text).toList()));
    event.addPurposeOfEvent(new CodeableConcept(new Coding(PURPOSE, body.purpose().value(), null)));
    event
        .addAgent()
        .setType(new CodeableConcept(new Coding(DCM, "110153", "Source Role ID")))
        .setWho(organisation(body.sender().value()))
        .setRequestor(true);
    event
        .addAgent()
        .setType(new CodeableConcept(new Coding(DCM, "110152", "Destination Role ID")))
        .setWho(organisation(body.recipient().value()))
        .setRequestor(false);
    event
        .getSource()
        .setObserver(new Reference().setDisplay("Concordat " + ledgerOrigin))
        .addType(
            new Coding(
                "http://terminology.hl7.org/CodeSystem/security-source-type",
                "4",
                "Application Server"));
    event
        .addEntity()
        .setWhat(
            new Reference()
                .setIdentifier(
                    new Identifier()
                        .setSystem(AuditEventProvider.NHS_NUMBER_SYSTEM)
                        .setValue(person.value())))
        .setType(new Coding(ENTITY_TYPE, "1", "Person"))
        .setRole(new Coding(ENTITY_ROLE, "1", "Patient"));
    event
        .addEntity()
        .setWhat(
            new Reference()
                .setIdentifier(
                    new Identifier()
                        .setSystem("urn:concordat:ledger:" + ledgerOrigin)
                        .setValue(Long.toString(entry.index())))
                .setDisplay("Ledger entry " + entry.index() + " (" + entry.type().wireName() + ")"))
        .setType(new Coding(ENTITY_TYPE, "2", "System Object"))
        .setDescription(
            "Protocol "
                + body.protocol().id()
                + " "
                + body.protocol().version()
                + " sha256 "
                + body.protocol().sha256()
                + (body.payloadSha256() == null ? "" : "; payload sha256 " + body.payloadSha256()));
    return event;
  }

  private static Reference organisation(String ods) {
    return new Reference().setIdentifier(new Identifier().setSystem(ODS).setValue(ods));
  }
}
