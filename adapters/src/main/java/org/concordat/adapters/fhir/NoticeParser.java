package org.concordat.adapters.fhir;

import ca.uhn.fhir.model.api.TemporalPrecisionEnum;
import ca.uhn.fhir.parser.DataFormatException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.xml.stream.XMLStreamException;
import org.concordat.protocols.sharing.OdsCode;
import org.concordat.protocols.subject.InvalidNhsNumberException;
import org.concordat.protocols.subject.NhsNumber;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Organization;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.StringType;
import org.jspecify.annotations.Nullable;

/**
 * Reads an inbound FHIR R4 message (an ADW notice, say) and checks what the broker relies on: a
 * Bundle of type {@code message} whose first entry is a MessageHeader with a coded event, a sender
 * and at least one receiver identified by ODS code, and exactly one Patient with a valid NHS
 * number. An Encounter is read when present.
 *
 * <p>ADW notices in their official FHIR DSTU2 form are accepted too: told apart by their
 * MessageHeader ({@link FhirRelease}), parsed as strictly, converted to R4 ({@link Dstu2Messages})
 * and then checked exactly like an R4 message. The notice's timing is checked against the ADW rules
 * ({@link ScheduleThreeTiming}) and reported as warnings, never as a refusal.
 *
 * <p>XML passes {@link SafeXml} first, so HAPI never sees a DOCTYPE; every body then passes the
 * {@link BodyScreen} (duplicate JSON keys, limits on text and repeats, control characters). Every
 * refusal is an {@link InvalidMessageException} whose message is safe to log and return: it names
 * elements, never values. Thread-safe; build one per application with the shared {@link
 * FhirMessages}.
 */
public final class NoticeParser {
  /** A sensible default for {@code maxBytes}: 4 MiB, far above any ADW notice. */
  public static final int DEFAULT_MAX_BYTES = 4 * 1024 * 1024;

  public static final String NHS_NUMBER_SYSTEM = "https://fhir.nhs.uk/Id/nhs-number";
  public static final String ODS_ORGANISATION_SYSTEM =
      "https://fhir.nhs.uk/Id/ods-organization-code";

  private static final Pattern HAPI_CODE = Pattern.compile("^(HAPI-\\d+)");

  private final FhirMessages fhir;
  private final int maxBytes;
  private final SafeXml safeXml = new SafeXml();
  private final BodyScreen screen;
  private final Dstu2Messages dstu2;

  /**
   * @param maxBytes the largest body accepted, in bytes; larger ones are refused unread
   */
  public NoticeParser(FhirMessages fhir, int maxBytes) {
    this(fhir, maxBytes, BodyScreen.Limits.DEFAULT);
  }

  /**
   * @param maxBytes the largest body accepted, in bytes; larger ones are refused unread
   * @param limits text length, repeats and nesting checked on the raw body ({@link BodyScreen})
   *     before any FHIR parsing
   */
  public NoticeParser(FhirMessages fhir, int maxBytes, BodyScreen.Limits limits) {
    this.fhir = Objects.requireNonNull(fhir, "fhir");
    this.screen = new BodyScreen(limits);
    if (maxBytes <= 0) {
      throw new IllegalArgumentException("The maximum message size must be positive");
    }
    this.maxBytes = maxBytes;
    this.dstu2 = new Dstu2Messages(fhir);
  }

  /**
   * Parses and checks one message.
   *
   * @throws InvalidMessageException saying what is wrong and where
   */
  public ParsedNotice parse(byte[] body, MessageFormat format) {
    Bundle bundle = bundleOf(readR4(body, format));
    MessageHeader header = headerOf(bundle);
    Coding event = eventOf(header);
    OdsCode sender = organisation(bundle, header.getSender(), "MessageHeader.sender");
    List<OdsCode> receivers = receiversOf(bundle, header);
    Patient patient = patientOf(bundle);
    NhsNumber nhsNumber = nhsNumberOf(patient);
    EncounterDetails encounter = encounterOf(bundle);
    return new ParsedNotice(
        messageIdOf(bundle, header),
        event.getSystem(),
        event.getCode(),
        event.hasDisplay() ? event.getDisplay() : null,
        sender,
        receivers,
        nhsNumber,
        personOf(patient),
        encounter,
        bundle,
        ScheduleThreeTiming.check(
            event.getSystem(),
            event.getCode(),
            bundle.hasTimestamp() ? bundle.getTimestampElement().getValueAsString() : null,
            encounter));
  }

  /**
   * The body as one FHIR R4 resource, read exactly as {@link #parse} reads a message before it
   * checks the notice: the size limit, {@link SafeXml}, UTF-8, and a DSTU2 message (an official ADW
   * notice) converted to R4. Nothing else is checked, so any R4 resource comes back: {@code mapping
   * test} reads its samples this way, so it takes whatever the pipeline takes.
   *
   * @throws InvalidMessageException saying what is wrong and where
   */
  public IBaseResource readR4(byte[] body, MessageFormat format) {
    if (body.length > maxBytes) {
      throw new InvalidMessageException(
          IssueKind.TOO_LARGE,
          "The message has " + body.length + " bytes; at most " + maxBytes + " are accepted");
    }
    if (format == MessageFormat.XML) {
      safeXml.check(body);
    }
    String text = utf8(body, format);
    if (text.isBlank()) {
      throw new InvalidMessageException(IssueKind.MALFORMED, "The message is empty");
    }
    // Duplicate keys, over-long text, huge repeats and control characters are refused here,
    // naming the element, before HAPI or a translation can fail on them less clearly.
    screen.check(body, format);
    return switch (FhirRelease.of(text, format)) {
      case R4 -> readResource(text, format);
      case DSTU2 -> dstu2.toR4(text, format);
    };
  }

  private IBaseResource readResource(String text, MessageFormat format) {
    try {
      return fhir.strictParser(format).parseResource(text);
    } catch (DataFormatException | IllegalArgumentException | IllegalStateException e) {
      throw malformed(e, format);
    }
  }

  private static String utf8(byte[] body, MessageFormat format) {
    int start = MessageFormat.startsWithUtf8ByteOrderMark(body) ? 3 : 0;
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(body, start, body.length - start))
          .toString();
    } catch (CharacterCodingException e) {
      throw new InvalidMessageException(
          IssueKind.MALFORMED, "The " + format + " message is not valid UTF-8");
    }
  }

  /**
   * HAPI's and the JSON/XML parsers' own messages can quote the document (an unrecognised token may
   * be a surname), so only our handler's sentences, positions and HAPI's error codes pass.
   */
  private static InvalidMessageException malformed(RuntimeException e, MessageFormat format) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof StructureErrorHandler.StructureProblem) {
        return new InvalidMessageException(
            IssueKind.MALFORMED, "The message is not a valid FHIR R4 resource: " + t.getMessage());
      }
      if (t instanceof XMLStreamException xml && xml.getLocation() != null) {
        return new InvalidMessageException(
            IssueKind.MALFORMED,
            "The XML is not well-formed (line "
                + xml.getLocation().getLineNumber()
                + ", column "
                + xml.getLocation().getColumnNumber()
                + ")");
      }
    }
    Matcher code = HAPI_CODE.matcher(String.valueOf(e.getMessage()));
    return new InvalidMessageException(
        IssueKind.MALFORMED,
        "The message is not well-formed FHIR R4 "
            + format
            + (code.find() ? " (" + code.group(1) + ")" : ""));
  }

  private static Bundle bundleOf(IBaseResource resource) {
    if (!(resource instanceof Bundle bundle)) {
      throw new InvalidMessageException(
          IssueKind.NOT_A_MESSAGE,
          "The message is a "
              + resource.fhirType()
              + "; a Bundle of type message is expected (Bundle.type)");
    }
    if (bundle.getType() != Bundle.BundleType.MESSAGE) {
      throw new InvalidMessageException(
          IssueKind.NOT_A_MESSAGE,
          "The Bundle has type "
              + (bundle.hasType() ? bundle.getType().toCode() : "(none)")
              + "; a Bundle of type message is expected (Bundle.type)");
    }
    return bundle;
  }

  private static MessageHeader headerOf(Bundle bundle) {
    if (!bundle.hasEntry() || !(bundle.getEntryFirstRep().getResource() instanceof MessageHeader)) {
      throw new InvalidMessageException(
          IssueKind.NOT_A_MESSAGE,
          "The first entry of the Bundle is not a MessageHeader (Bundle.entry[0].resource)");
    }
    return (MessageHeader) bundle.getEntryFirstRep().getResource();
  }

  private static Coding eventOf(MessageHeader header) {
    if (!header.hasEventCoding()) {
      throw new InvalidMessageException(
          IssueKind.MISSING_ELEMENT,
          "The MessageHeader has no coded event (MessageHeader.eventCoding)");
    }
    Coding event = header.getEventCoding();
    if (!event.hasSystem() || !event.hasCode()) {
      throw new InvalidMessageException(
          IssueKind.MISSING_ELEMENT,
          "The MessageHeader event needs both a system and a code"
              + " (MessageHeader.eventCoding.system, MessageHeader.eventCoding.code)");
    }
    return event;
  }

  private static String messageIdOf(Bundle bundle, MessageHeader header) {
    if (header.hasIdElement() && header.getIdElement().hasIdPart()) {
      return header.getIdElement().getIdPart();
    }
    if (bundle.hasIdentifier() && bundle.getIdentifier().hasValue()) {
      return bundle.getIdentifier().getValue();
    }
    throw new InvalidMessageException(
        IssueKind.MISSING_ELEMENT,
        "The message has no id (MessageHeader.id or Bundle.identifier.value)");
  }

  /**
   * The notice as one of its receivers gets it: a copy whose {@code MessageHeader.destination}
   * names that receiver alone, without the Organizations that only the other destinations referred
   * to, so a recipient never learns whom else a message went to. The notice itself when it names no
   * other receiver. Call it on a notice this parser accepted.
   */
  public static Bundle addressedOnlyTo(Bundle notice, OdsCode recipient) {
    List<MessageHeader.MessageDestinationComponent> destinations =
        headerOf(notice).getDestination();
    boolean others = false;
    for (int i = 0; i < destinations.size(); i++) {
      others |= !recipient.equals(receiverOf(notice, destinations.get(i), i));
    }
    if (!others) {
      return notice;
    }
    Bundle copy = notice.copy();
    List<MessageHeader.MessageDestinationComponent> kept = new ArrayList<>();
    Set<String> dropped = new HashSet<>();
    List<MessageHeader.MessageDestinationComponent> all = headerOf(copy).getDestination();
    for (int i = 0; i < all.size(); i++) {
      MessageHeader.MessageDestinationComponent destination = all.get(i);
      if (recipient.equals(receiverOf(copy, destination, i))) {
        kept.add(destination);
      } else if (destination.getReceiver().hasReference()) {
        dropped.add(destination.getReceiver().getReference());
      }
    }
    headerOf(copy).setDestination(kept);
    Set<String> referenced = new HashSet<>();
    collectReferences(copy, referenced);
    copy.getEntry()
        .removeIf(
            entry ->
                entry.getResource() instanceof Organization
                    && entry.hasFullUrl()
                    && dropped.contains(entry.getFullUrl())
                    && !referenced.contains(entry.getFullUrl()));
    return copy;
  }

  private static OdsCode receiverOf(
      Bundle bundle, MessageHeader.MessageDestinationComponent destination, int i) {
    return organisation(
        bundle, destination.getReceiver(), "MessageHeader.destination[" + i + "].receiver");
  }

  /** Every reference made anywhere in {@code element}. */
  private static void collectReferences(org.hl7.fhir.r4.model.Base element, Set<String> into) {
    if (element instanceof Reference reference && reference.hasReference()) {
      into.add(reference.getReference());
    }
    for (org.hl7.fhir.r4.model.Property property : element.children()) {
      for (org.hl7.fhir.r4.model.Base value : property.getValues()) {
        collectReferences(value, into);
      }
    }
  }

  private static List<OdsCode> receiversOf(Bundle bundle, MessageHeader header) {
    if (!header.hasDestination()) {
      throw new InvalidMessageException(
          IssueKind.MISSING_ELEMENT,
          "The MessageHeader has no destination (MessageHeader.destination)");
    }
    Set<OdsCode> receivers = new LinkedHashSet<>();
    List<MessageHeader.MessageDestinationComponent> destinations = header.getDestination();
    for (int i = 0; i < destinations.size(); i++) {
      receivers.add(
          organisation(
              bundle,
              destinations.get(i).getReceiver(),
              "MessageHeader.destination[" + i + "].receiver"));
    }
    return List.copyOf(receivers);
  }

  /**
   * The ODS code of the organisation {@code reference} names: either a logical reference ({@code
   * identifier} with the ODS system) or a reference to an Organization in the bundle.
   */
  private static OdsCode organisation(Bundle bundle, Reference reference, String element) {
    Identifier identifier = reference.getIdentifier();
    if (reference.hasIdentifier() && ODS_ORGANISATION_SYSTEM.equals(identifier.getSystem())) {
      return odsCode(identifier, element + ".identifier");
    }
    if (reference.hasReference()) {
      Resource target = resolve(bundle, reference.getReference());
      if (target == null) {
        throw new InvalidMessageException(
            IssueKind.MISSING_ELEMENT,
            element + " refers to " + reference.getReference() + ", which is not in the Bundle");
      }
      if (!(target instanceof Organization organisation)) {
        throw new InvalidMessageException(
            IssueKind.MISSING_ELEMENT,
            element + " refers to a " + target.fhirType() + "; an Organization is expected");
      }
      return organisation.getIdentifier().stream()
          .filter(id -> ODS_ORGANISATION_SYSTEM.equals(id.getSystem()) && id.hasValue())
          .findFirst()
          .map(id -> odsCode(id, "Organization.identifier"))
          .orElseThrow(
              () ->
                  new InvalidMessageException(
                      IssueKind.MISSING_ELEMENT,
                      "The Organization that "
                          + element
                          + " refers to has no ODS code identifier (system "
                          + ODS_ORGANISATION_SYSTEM
                          + ")"));
    }
    if (reference.hasIdentifier()) {
      throw new InvalidMessageException(
          IssueKind.MISSING_ELEMENT,
          element
              + " identifies the organisation with system "
              + identifier.getSystem()
              + "; an ODS code (system "
              + ODS_ORGANISATION_SYSTEM
              + ") is required");
    }
    throw new InvalidMessageException(
        IssueKind.MISSING_ELEMENT,
        "The MessageHeader has no organisation in " + element + " (an ODS code is required)");
  }

  private static OdsCode odsCode(Identifier identifier, String element) {
    String value = identifier.hasValue() ? identifier.getValue().strip() : "";
    if (value.isEmpty()) {
      throw new InvalidMessageException(
          IssueKind.MISSING_ELEMENT, "The ODS code in " + element + " has no value");
    }
    try {
      return OdsCode.of(value.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw new InvalidMessageException(
          IssueKind.INVALID_ODS_CODE,
          "The ODS code in " + element + " is not 3 to 10 letters or digits",
          e);
    }
  }

  /** The entry whose fullUrl is {@code reference}, or whose {@code Type/id} it ends with. */
  private static @Nullable Resource resolve(Bundle bundle, String reference) {
    String withoutVersion = reference.replaceFirst("/_history/[^/]*$", "");
    for (Bundle.BundleEntryComponent entry : bundle.getEntry()) {
      Resource resource = entry.getResource();
      if (resource == null) {
        continue;
      }
      if (reference.equals(entry.getFullUrl())) {
        return resource;
      }
      if (resource.hasIdElement() && resource.getIdElement().hasIdPart()) {
        String local = resource.fhirType() + "/" + resource.getIdElement().getIdPart();
        if (withoutVersion.equals(local) || withoutVersion.endsWith("/" + local)) {
          return resource;
        }
      }
    }
    return null;
  }

  private static Patient patientOf(Bundle bundle) {
    List<Patient> patients =
        bundle.getEntry().stream()
            .map(Bundle.BundleEntryComponent::getResource)
            .filter(Patient.class::isInstance)
            .map(Patient.class::cast)
            .toList();
    if (patients.isEmpty()) {
      throw new InvalidMessageException(
          IssueKind.MISSING_ELEMENT, "The Bundle has no Patient (Bundle.entry.resource)");
    }
    if (patients.size() > 1) {
      throw new InvalidMessageException(
          IssueKind.AMBIGUOUS_SUBJECT,
          "The Bundle has " + patients.size() + " Patients; a notice is about exactly one");
    }
    return patients.get(0);
  }

  private static NhsNumber nhsNumberOf(Patient patient) {
    List<String> values =
        patient.getIdentifier().stream()
            .filter(id -> NHS_NUMBER_SYSTEM.equals(id.getSystem()) && id.hasValue())
            .map(Identifier::getValue)
            .toList();
    if (values.isEmpty()) {
      throw new InvalidMessageException(
          IssueKind.MISSING_ELEMENT,
          "The Patient has no NHS number identifier (system " + NHS_NUMBER_SYSTEM + ")");
    }
    List<NhsNumber> numbers = new ArrayList<>();
    for (String value : values) {
      try {
        numbers.add(NhsNumber.parse(value));
      } catch (InvalidNhsNumberException e) {
        // The core's sentences describe the fault, never the number.
        throw new InvalidMessageException(
            IssueKind.INVALID_NHS_NUMBER,
            "The Patient's NHS number identifier (system "
                + NHS_NUMBER_SYSTEM
                + ") is not valid: "
                + e.getMessage(),
            e);
      }
    }
    if (numbers.stream().distinct().count() > 1) {
      throw new InvalidMessageException(
          IssueKind.AMBIGUOUS_SUBJECT, "The Patient has more than one different NHS number");
    }
    return numbers.get(0);
  }

  private static PersonDetails personOf(Patient patient) {
    Optional<HumanName> name = preferredName(patient.getName());
    return new PersonDetails(
        name.filter(HumanName::hasFamily).map(HumanName::getFamily).orElse(null),
        name.map(NoticeParser::givenNames).orElse(null),
        birthDate(patient),
        patient.hasGender() ? patient.getGender().toCode() : null,
        postcode(patient.getAddress()),
        phone(patient.getTelecom()));
  }

  private static Optional<HumanName> preferredName(List<HumanName> names) {
    List<HumanName> current =
        names.stream().filter(n -> n.getUse() != HumanName.NameUse.OLD).toList();
    return current.stream()
        .filter(n -> n.getUse() == HumanName.NameUse.OFFICIAL)
        .findFirst()
        .or(() -> current.stream().filter(n -> n.getUse() == HumanName.NameUse.USUAL).findFirst())
        .or(() -> current.stream().findFirst());
  }

  private static @Nullable String givenNames(HumanName name) {
    String given =
        name.getGiven().stream()
            .map(StringType::getValue)
            .filter(g -> g != null && !g.isBlank())
            .map(String::strip)
            .collect(Collectors.joining(" "));
    return given.isEmpty() ? null : given;
  }

  private static @Nullable LocalDate birthDate(Patient patient) {
    var element = patient.getBirthDateElement();
    if (!element.hasValue() || element.getPrecision() != TemporalPrecisionEnum.DAY) {
      return null;
    }
    return LocalDate.parse(element.getValueAsString());
  }

  private static @Nullable String postcode(List<Address> addresses) {
    List<Address> withPostcode =
        addresses.stream()
            .filter(a -> a.hasPostalCode() && a.getUse() != Address.AddressUse.OLD)
            .toList();
    return withPostcode.stream()
        .filter(a -> a.getUse() == Address.AddressUse.HOME)
        .findFirst()
        .or(() -> withPostcode.stream().findFirst())
        .map(Address::getPostalCode)
        .orElse(null);
  }

  private static @Nullable String phone(List<ContactPoint> telecom) {
    List<ContactPoint> phones =
        telecom.stream()
            .filter(
                c ->
                    c.getSystem() == ContactPoint.ContactPointSystem.PHONE
                        && c.hasValue()
                        && c.getUse() != ContactPoint.ContactPointUse.OLD)
            .toList();
    return phones.stream()
        .filter(c -> c.getUse() == ContactPoint.ContactPointUse.HOME)
        .findFirst()
        .or(
            () ->
                phones.stream()
                    .filter(c -> c.getUse() == ContactPoint.ContactPointUse.MOBILE)
                    .findFirst())
        .or(() -> phones.stream().findFirst())
        .map(ContactPoint::getValue)
        .orElse(null);
  }

  /** The first Encounter in the bundle; ADW notices carry one at most. */
  private static @Nullable EncounterDetails encounterOf(Bundle bundle) {
    return bundle.getEntry().stream()
        .map(Bundle.BundleEntryComponent::getResource)
        .filter(Encounter.class::isInstance)
        .map(Encounter.class::cast)
        .findFirst()
        .map(
            e ->
                new EncounterDetails(
                    e.hasClass_() && e.getClass_().hasCode() ? e.getClass_().getCode() : null,
                    e.hasStatus() ? e.getStatus().toCode() : null,
                    e.hasPeriod() && e.getPeriod().hasStart()
                        ? e.getPeriod().getStartElement().getValueAsString()
                        : null,
                    e.hasPeriod() && e.getPeriod().hasEnd()
                        ? e.getPeriod().getEndElement().getValueAsString()
                        : null))
        .orElse(null);
  }
}
