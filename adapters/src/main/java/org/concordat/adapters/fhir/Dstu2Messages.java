package org.concordat.adapters.fhir;

import ca.uhn.fhir.parser.DataFormatException;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.hl7.fhir.convertors.factory.VersionConvertorFactory_10_40;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Annotation;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Condition;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.QuestionnaireResponse;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.jspecify.annotations.Nullable;

/**
 * Converts an ADW notice in its official FHIR DSTU2 form (NHS Digital's ADW messaging, CareConnect
 * DSTU2 profiles) into the FHIR R4 message Bundle the rest of the broker reads. HAPI's DSTU2 to R4
 * converters do each resource; what they cannot do is done here:
 *
 * <ul>
 *   <li>DSTU2 {@code ReferralRequest} (the notice itself), which R4 replaced by {@code
 *       ServiceRequest}, is mapped by hand (status, identifier, subject, requester, recipients as
 *       performers, encounter, reason, description as a note, supporting information);
 *   <li>the DSTU2 MessageHeader has no sender: the sending organisation is the ODS code in {@code
 *       source.endpoint} ({@code urn:nhs-uk:addressing:ods:<code>}, as ADW messages over MESH are
 *       addressed), written as a logical {@code sender} reference;
 *   <li>its {@code receiver} becomes {@code destination.receiver}; a destination without one gets
 *       the ODS code of its own endpoint;
 *   <li>its {@code timestamp} becomes {@code Bundle.timestamp}.
 * </ul>
 *
 * DSTU2 profile claims ({@code meta.profile}) are dropped, in nested Bundles too: an R4 resource
 * cannot conform to them. Codes the converter writes with DSTU2-era system URLs are repaired (see
 * {@link #repair}). A resource that cannot be converted refuses the whole message rather than
 * dropping it silently.
 */
final class Dstu2Messages {
  private static final Pattern ODS_ENDPOINT =
      Pattern.compile("^urn:nhs-uk:addressing:ods:([A-Za-z0-9]{3,10})$");
  private static final Pattern HAPI_CODE = Pattern.compile("^(HAPI-\\d+)");
  private static final String WRONG_ACT_CODE = "http://terminology.hl7.org/v3/ActCode";
  private static final String ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode";

  private final FhirMessages fhir;

  Dstu2Messages(FhirMessages fhir) {
    this.fhir = Objects.requireNonNull(fhir, "fhir");
  }

  /**
   * Parses a DSTU2 message Bundle strictly and converts it.
   *
   * @throws InvalidMessageException saying what is wrong, never quoting the content
   */
  Bundle toR4(String text, MessageFormat format) {
    IBaseResource parsed;
    try {
      parsed = fhir.strictDstu2Parser(format).parseResource(text);
    } catch (DataFormatException | IllegalArgumentException | IllegalStateException e) {
      throw malformed(e, format);
    }
    if (!(parsed instanceof org.hl7.fhir.dstu2.model.Bundle dstu2)
        || dstu2.getType() != org.hl7.fhir.dstu2.model.Bundle.BundleType.MESSAGE) {
      throw new InvalidMessageException(
          IssueKind.NOT_A_MESSAGE,
          "The FHIR DSTU2 message is not a Bundle of type message (Bundle.type)");
    }
    if (!dstu2.hasEntry()
        || !(dstu2.getEntry().get(0).getResource()
            instanceof org.hl7.fhir.dstu2.model.MessageHeader)) {
      throw new InvalidMessageException(
          IssueKind.NOT_A_MESSAGE,
          "The first entry of the Bundle is not a MessageHeader (Bundle.entry[0].resource)");
    }
    Bundle r4 = new Bundle();
    r4.setType(Bundle.BundleType.MESSAGE);
    if (dstu2.getIdElement().hasIdPart()) {
      r4.setId(dstu2.getIdElement().getIdPart());
    }
    List<org.hl7.fhir.dstu2.model.Bundle.BundleEntryComponent> entries = dstu2.getEntry();
    for (int i = 0; i < entries.size(); i++) {
      org.hl7.fhir.dstu2.model.Bundle.BundleEntryComponent entry = entries.get(i);
      Bundle.BundleEntryComponent converted = r4.addEntry();
      if (entry.hasFullUrl()) {
        converted.setFullUrl(entry.getFullUrl());
      }
      if (entry.getResource() != null) {
        converted.setResource(convert(entry.getResource(), i));
      }
    }
    org.hl7.fhir.dstu2.model.MessageHeader header =
        (org.hl7.fhir.dstu2.model.MessageHeader) dstu2.getEntry().get(0).getResource();
    completeHeader(header, (MessageHeader) r4.getEntryFirstRep().getResource(), dstu2);
    if (header.hasTimestamp()) {
      try {
        r4.setTimestampElement(
            new org.hl7.fhir.r4.model.InstantType(header.getTimestampElement().getValueAsString()));
      } catch (RuntimeException e) {
        throw new InvalidMessageException(
            IssueKind.MALFORMED,
            "MessageHeader.timestamp is not a valid instant (a date and time with a time zone)");
      }
    }
    return r4;
  }

  private static Resource convert(org.hl7.fhir.dstu2.model.Resource resource, int index) {
    Resource converted;
    try {
      converted =
          resource instanceof org.hl7.fhir.dstu2.model.ReferralRequest referral
              ? serviceRequest(referral)
              : VersionConvertorFactory_10_40.convertResource(resource);
    } catch (InvalidMessageException e) {
      throw e;
    } catch (RuntimeException e) {
      // FHIRException for a resource with no R4 form; DataFormatException (whose message quotes
      // the value) for a value the lenient DSTU2 model took but R4 refuses, such as a month 13.
      throw new InvalidMessageException(
          IssueKind.MALFORMED,
          "The "
              + resource.getResourceType()
              + " in Bundle.entry["
              + index
              + "] cannot be converted from FHIR DSTU2 to R4: it has no R4 form, or one of its"
              + " values is not valid for its type");
    }
    if (converted == null) {
      throw new InvalidMessageException(
          IssueKind.MALFORMED, "Bundle.entry[" + index + "] has an empty resource");
    }
    repair(converted);
    return converted;
  }

  /**
   * What HAPI's converter leaves invalid in R4: it writes the DSTU2 encounter class with the system
   * {@code http://terminology.hl7.org/v3/ActCode} (the code system is {@code
   * .../CodeSystem/v3-ActCode}), and DSTU2 questionnaire answers need no {@code linkId}, which R4
   * requires: each item without one gets its position ({@code 1}, {@code 1.2}, ...).
   */
  private static void repair(Resource resource) {
    resource.getMeta().getProfile().clear();
    if (resource.getMeta().isEmpty()) {
      resource.setMeta(null);
    }
    if (resource instanceof Bundle nested) {
      nested.getEntry().stream()
          .map(Bundle.BundleEntryComponent::getResource)
          .filter(Objects::nonNull)
          .forEach(Dstu2Messages::repair);
    }
    if (resource instanceof Condition condition) {
      fixSystem(condition.getClinicalStatus(), "condition-clinical");
      fixSystem(condition.getVerificationStatus(), "condition-ver-status");
    }
    if (resource instanceof Encounter encounter
        && encounter.hasClass_()
        && WRONG_ACT_CODE.equals(encounter.getClass_().getSystem())) {
      encounter.getClass_().setSystem(ACT_CODE);
    }
    if (resource instanceof QuestionnaireResponse response) {
      numberItems(response.getItem(), "");
    }
  }

  /** The converter writes {@code http://hl7.org/fhir/<name>} for R4's terminology.hl7.org URL. */
  private static void fixSystem(CodeableConcept concept, String name) {
    for (org.hl7.fhir.r4.model.Coding coding : concept.getCoding()) {
      if (("http://hl7.org/fhir/" + name).equals(coding.getSystem())) {
        coding.setSystem("http://terminology.hl7.org/CodeSystem/" + name);
      }
    }
  }

  private static void numberItems(
      List<QuestionnaireResponse.QuestionnaireResponseItemComponent> items, String prefix) {
    for (int i = 0; i < items.size(); i++) {
      QuestionnaireResponse.QuestionnaireResponseItemComponent item = items.get(i);
      String position = prefix + (i + 1);
      if (!item.hasLinkId()) {
        item.setLinkId(position);
      }
      numberItems(item.getItem(), position + ".");
      for (QuestionnaireResponse.QuestionnaireResponseItemAnswerComponent answer :
          item.getAnswer()) {
        numberItems(answer.getItem(), position + ".");
      }
    }
  }

  /** DSTU2 ReferralRequest (ADW's notice) as an R4 ServiceRequest (its R4 successor). */
  private static ServiceRequest serviceRequest(org.hl7.fhir.dstu2.model.ReferralRequest referral) {
    ServiceRequest request = new ServiceRequest();
    if (referral.getIdElement().hasIdPart()) {
      request.setId(referral.getIdElement().getIdPart());
    }
    request.setIntent(ServiceRequest.ServiceRequestIntent.ORDER);
    request.setStatus(status(referral.getStatus()));
    for (org.hl7.fhir.dstu2.model.Identifier identifier : referral.getIdentifier()) {
      request.addIdentifier((Identifier) VersionConvertorFactory_10_40.convertType(identifier));
    }
    if (referral.hasPatient()) {
      request.setSubject(reference(referral.getPatient()));
    }
    if (referral.hasRequester()) {
      request.setRequester(reference(referral.getRequester()));
    }
    for (org.hl7.fhir.dstu2.model.Reference recipient : referral.getRecipient()) {
      request.addPerformer(reference(recipient));
    }
    if (referral.hasEncounter()) {
      request.setEncounter(reference(referral.getEncounter()));
    }
    if (referral.hasDateSent()) {
      request.setAuthoredOnElement(
          new org.hl7.fhir.r4.model.DateTimeType(referral.getDateSentElement().getValueAsString()));
    }
    if (referral.hasReason()) {
      request.addReasonCode(
          (CodeableConcept) VersionConvertorFactory_10_40.convertType(referral.getReason()));
    }
    for (org.hl7.fhir.dstu2.model.CodeableConcept service : referral.getServiceRequested()) {
      request.setCode((CodeableConcept) VersionConvertorFactory_10_40.convertType(service));
    }
    if (referral.hasDescription()) {
      request.addNote(new Annotation().setText(referral.getDescription()));
    }
    for (org.hl7.fhir.dstu2.model.Reference info : referral.getSupportingInformation()) {
      request.addSupportingInfo(reference(info));
    }
    return request;
  }

  private static Reference reference(org.hl7.fhir.dstu2.model.Reference reference) {
    return (Reference) VersionConvertorFactory_10_40.convertType(reference);
  }

  private static ServiceRequest.ServiceRequestStatus status(
      org.hl7.fhir.dstu2.model.ReferralRequest.@Nullable ReferralStatus status) {
    if (status == null) {
      return ServiceRequest.ServiceRequestStatus.UNKNOWN;
    }
    return switch (status) {
      case DRAFT -> ServiceRequest.ServiceRequestStatus.DRAFT;
      case REQUESTED, ACTIVE, ACCEPTED -> ServiceRequest.ServiceRequestStatus.ACTIVE;
      case CANCELLED, REJECTED -> ServiceRequest.ServiceRequestStatus.REVOKED;
      case COMPLETED -> ServiceRequest.ServiceRequestStatus.COMPLETED;
      default -> ServiceRequest.ServiceRequestStatus.UNKNOWN;
    };
  }

  /** What R4 needs and DSTU2 keeps elsewhere: the sender and the receivers. */
  private static void completeHeader(
      org.hl7.fhir.dstu2.model.MessageHeader dstu2,
      MessageHeader r4,
      org.hl7.fhir.dstu2.model.Bundle bundle) {
    if (!r4.hasSender()) {
      String sender = odsCode(dstu2.getSource().getEndpoint());
      if (sender == null) {
        throw new InvalidMessageException(
            IssueKind.MISSING_ELEMENT,
            "The FHIR DSTU2 MessageHeader names no sending organisation: its"
                + " MessageHeader.source.endpoint must be urn:nhs-uk:addressing:ods:<ODS code>");
      }
      r4.setSender(logical(sender));
    }
    // ADW responses name a practitioner as receiver; only an organisation can be a recipient, so
    // those fall back to the destination's endpoint.
    Reference receiver =
        dstu2.hasReceiver() && isOrganisation(dstu2.getReceiver(), bundle)
            ? reference(dstu2.getReceiver())
            : null;
    if (!r4.hasDestination() && receiver != null) {
      r4.addDestination().setReceiver(receiver);
    }
    for (MessageHeader.MessageDestinationComponent destination : r4.getDestination()) {
      if (destination.hasReceiver()) {
        continue;
      }
      if (receiver != null) {
        destination.setReceiver(receiver.copy());
      } else {
        String code = odsCode(destination.getEndpoint());
        if (code != null) {
          destination.setReceiver(logical(code));
        }
      }
    }
  }

  /** Whether {@code reference} is logical or points at an Organization entry of the Bundle. */
  private static boolean isOrganisation(
      org.hl7.fhir.dstu2.model.Reference reference, org.hl7.fhir.dstu2.model.Bundle bundle) {
    if (!reference.hasReference()) {
      return true;
    }
    String target = reference.getReference();
    for (org.hl7.fhir.dstu2.model.Bundle.BundleEntryComponent entry : bundle.getEntry()) {
      org.hl7.fhir.dstu2.model.Resource resource = entry.getResource();
      boolean named =
          target.equals(entry.getFullUrl())
              || (resource != null
                  && resource.getIdElement().hasIdPart()
                  && target.endsWith(
                      resource.getResourceType() + "/" + resource.getIdElement().getIdPart()));
      if (named) {
        return resource instanceof org.hl7.fhir.dstu2.model.Organization;
      }
    }
    return true;
  }

  private static @Nullable String odsCode(@Nullable String endpoint) {
    if (endpoint == null) {
      return null;
    }
    Matcher matcher = ODS_ENDPOINT.matcher(endpoint.strip());
    return matcher.matches() ? matcher.group(1).toUpperCase(Locale.ROOT) : null;
  }

  private static Reference logical(String odsCode) {
    return new Reference()
        .setIdentifier(
            new Identifier().setSystem(NoticeParser.ODS_ORGANISATION_SYSTEM).setValue(odsCode));
  }

  /** As for R4 ({@code NoticeParser}): only our own sentences, positions and HAPI codes pass. */
  private static InvalidMessageException malformed(RuntimeException e, MessageFormat format) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof StructureErrorHandler.StructureProblem) {
        return new InvalidMessageException(
            IssueKind.MALFORMED,
            "The message is not a valid FHIR DSTU2 resource: " + t.getMessage());
      }
    }
    Matcher code = HAPI_CODE.matcher(String.valueOf(e.getMessage()));
    return new InvalidMessageException(
        IssueKind.MALFORMED,
        "The message is not well-formed FHIR DSTU2 "
            + format
            + (code.find() ? " (" + code.group(1) + ")" : ""));
  }
}
