package org.concordat.adapters.hl7v2;

import ca.uhn.hl7v2.DefaultHapiContext;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.Segment;
import ca.uhn.hl7v2.parser.CanonicalModelClassFactory;
import ca.uhn.hl7v2.util.Terser;
import ca.uhn.hl7v2.util.idgenerator.NanoTimeGenerator;
import ca.uhn.hl7v2.validation.impl.ValidationContextFactory;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;
import org.concordat.adapters.fhir.FhirMessages;
import org.concordat.adapters.fhir.NoticeParser;
import org.concordat.protocols.sharing.OdsCode;
import org.concordat.protocols.subject.InvalidNhsNumberException;
import org.concordat.protocols.subject.NhsNumber;
import org.hl7.fhir.r4.model.Address;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeableConcept;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.ContactPoint;
import org.hl7.fhir.r4.model.DateTimeType;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Encounter;
import org.hl7.fhir.r4.model.Enumerations.AdministrativeGender;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.InstantType;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Period;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.jspecify.annotations.Nullable;

/**
 * Turns HL7 v2 ADT messages from a hospital PAS into ADW notices: FHIR R4 message Bundles of the
 * shape {@link NoticeParser} reads, so the rest of the pipeline is the same whatever the transport.
 *
 * <ul>
 *   <li>A01 (admit) becomes an admission notification ({@code 895571000000108});
 *   <li>A03 (discharge) a discharge notice ({@code 975731000000100});
 *   <li>A08 (update patient information) the notice for the visit's current state, carrying the
 *       updated details: a discharge notice if PV1-45 gives a discharge date, else an admission
 *       notification. ADW has no update event, so {@code MessageHeader.reason} carries the HL7
 *       event ({@code v2-0003|A08}) to tell recipients that can read FHIR.
 * </ul>
 *
 * The sender is the partner configured for MSH-4 and the recipients are configured per sender. The
 * message is parsed with HAPI as HL7 v2.4 (other 2.x versions are read into the 2.4 structures)
 * without validation, so NHS Z-segments (ZU1, ZU3, ZU4, ZU8) and unexpected segments are tolerated
 * and ignored; the fields the notice needs are checked here, with sentences that name the field and
 * never quote it. Ids in the Bundle are name-based UUIDs of the sending facility, MSH-10 and the
 * resource's role, so the same message always gives the same notice. Thread-safe.
 */
public final class AdtNotices {
  public static final String ADMISSION_NOTIFICATION = "895571000000108";
  public static final String DISCHARGE_NOTICE = "975731000000100";

  static final String SNOMED = "http://snomed.info/sct";
  static final String V2_EVENT_TYPE = "http://terminology.hl7.org/CodeSystem/v2-0003";
  static final String ACT_CODE = "http://terminology.hl7.org/CodeSystem/v3-ActCode";
  static final String NULL_FLAVOR = "http://terminology.hl7.org/CodeSystem/v3-NullFlavor";
  static final String ODS_SITE_SYSTEM = "https://fhir.nhs.uk/Id/ods-site-code";
  static final String DISCHARGE_DESTINATION =
      "https://fhir.hl7.org.uk/CodeSystem/UKCore-DischargeDestinationEngland";
  static final String ODS_ENDPOINT = "urn:nhs-uk:addressing:ods:";

  private final List<AdtSender> senders;
  private final FhirMessages fhir;
  private final int maxBytes;
  private final HapiContext hapi;

  /**
   * @param maxBytes the largest message accepted, in bytes; larger ones are refused unread
   */
  public AdtNotices(List<AdtSender> senders, FhirMessages fhir, int maxBytes) {
    this.senders = List.copyOf(senders);
    this.fhir = Objects.requireNonNull(fhir, "fhir");
    if (maxBytes <= 0) {
      throw new IllegalArgumentException("The maximum message size must be positive");
    }
    this.maxBytes = maxBytes;
    this.hapi = hapiContext();
  }

  /** HAPI reading any 2.x message into the v2.4 model, without validating or touching files. */
  static HapiContext hapiContext() {
    HapiContext context = new DefaultHapiContext();
    context.setModelClassFactory(new CanonicalModelClassFactory("2.4"));
    context.setValidationContext(ValidationContextFactory.noValidation());
    // The default id generator keeps a counter in a file in the working directory.
    context.getParserConfiguration().setIdGenerator(new NanoTimeGenerator());
    return context;
  }

  /**
   * Converts one message.
   *
   * @throws AdtRejectedException saying what is wrong, where, and which acknowledgement it earns
   */
  public AdtNotice convert(byte[] body) {
    if (body.length > maxBytes) {
      throw new AdtRejectedException(
          AdtProblem.TOO_LARGE,
          "The message has " + body.length + " bytes; at most " + maxBytes + " are accepted");
    }
    Message message = parse(Hl7v2Text.normalise(Hl7v2Text.decode(body)));
    Segment msh = segment(message, "MSH");
    String messageType = upper(value(msh, 9, 1));
    String trigger = upper(value(msh, 9, 2));
    if (!"ADT".equals(messageType)) {
      throw new AdtRejectedException(
          AdtProblem.UNSUPPORTED_MESSAGE_TYPE,
          "Only ADT messages are accepted (MSH-9.1)",
          "MSH",
          9);
    }
    if (!List.of("A01", "A03", "A08").contains(trigger)) {
      throw new AdtRejectedException(
          AdtProblem.UNSUPPORTED_EVENT,
          "The ADT event "
              + (trigger.isEmpty() ? "(none)" : trigger)
              + " is not accepted; Concordat takes A01, A03 and A08 (MSH-9.2)",
          "MSH",
          9);
    }
    String facility = required(msh, 4, 1, "sending facility");
    AdtSender sender =
        senders.stream()
            .filter(s -> s.sends(facility))
            .findFirst()
            .orElseThrow(
                () ->
                    new AdtRejectedException(
                        AdtProblem.UNKNOWN_SENDING_FACILITY,
                        "The sending facility (MSH-4) is not one this broker is configured to"
                            + " accept ADT from",
                        "MSH",
                        4));
    String controlId = required(msh, 10, 1, "message control id");
    return new Mapping(message, sender, facility, controlId, trigger).notice();
  }

  private Message parse(String text) {
    if (!text.startsWith("MSH") || text.length() < 9) {
      throw new AdtRejectedException(
          AdtProblem.MALFORMED, "The message does not begin with an MSH segment", "MSH", 0);
    }
    try {
      return hapi.getPipeParser().parse(text);
    } catch (HL7Exception | RuntimeException e) {
      // HAPI's messages can quote the content; only the position it reports is passed on.
      ca.uhn.hl7v2.Location location = e instanceof HL7Exception h ? h.getLocation() : null;
      String segment = location == null ? null : location.getSegmentName();
      int field = location == null ? 0 : Math.max(location.getField(), 0);
      throw new AdtRejectedException(
          AdtProblem.MALFORMED,
          "The message is not HL7 v2 that can be read"
              + (segment == null ? "" : " (at " + segment + (field > 0 ? "-" + field : "") + ")"),
          segment,
          field);
    }
  }

  private static Segment segment(Message message, String name) {
    try {
      return new Terser(message).getSegment("/." + name);
    } catch (HL7Exception e) {
      throw new AdtRejectedException(
          AdtProblem.MALFORMED, "The message has no " + name + " segment", name, 0);
    }
  }

  /** Component {@code component} of the first repetition of {@code field}, stripped, or null. */
  private static @Nullable String value(Segment segment, int field, int component) {
    return value(segment, field, 0, component, 1);
  }

  private static @Nullable String value(
      Segment segment, int field, int repetition, int component, int subcomponent) {
    try {
      String value = Terser.get(segment, field, repetition, component, subcomponent);
      return value == null || value.isBlank() ? null : value.strip();
    } catch (HL7Exception | RuntimeException e) {
      throw new AdtRejectedException(
          AdtProblem.MALFORMED,
          segment.getName() + "-" + field + " cannot be read",
          segment.getName(),
          field);
    }
  }

  private static int repetitions(Segment segment, int field) {
    try {
      return segment.getField(field).length;
    } catch (HL7Exception e) {
      return 0;
    }
  }

  private static String required(Segment segment, int field, int component, String what) {
    String value = value(segment, field, component);
    if (value == null) {
      throw new AdtRejectedException(
          AdtProblem.MISSING_FIELD,
          "The " + what + " (" + segment.getName() + "-" + field + ") is missing",
          segment.getName(),
          field);
    }
    return value;
  }

  private static String upper(@Nullable String value) {
    return value == null ? "" : value.toUpperCase(Locale.ROOT);
  }

  /** One message's mapping: the segments, the ids and the resources being built. */
  private final class Mapping {
    private final AdtSender sender;
    private final String facility;
    private final String controlId;
    private final String trigger;
    private final Segment msh;
    private final Segment evn;
    private final Segment pid;
    private final Segment pd1;
    private final Segment pv1;
    private final Segment pv2;

    Mapping(Message message, AdtSender sender, String facility, String controlId, String trigger) {
      this.sender = sender;
      this.facility = facility;
      this.controlId = controlId;
      this.trigger = trigger;
      this.msh = segment(message, "MSH");
      this.evn = segment(message, "EVN");
      this.pid = segment(message, "PID");
      this.pd1 = segment(message, "PD1");
      this.pv1 = segment(message, "PV1");
      this.pv2 = segment(message, "PV2");
    }

    AdtNotice notice() {
      NhsNumber nhsNumber = nhsNumber();
      String discharged = Hl7v2DateTimes.dateTime(value(pv1, 45, 1), "PV1", 45);
      boolean discharge = "A03".equals(trigger) || ("A08".equals(trigger) && discharged != null);
      String eventCode = discharge ? DISCHARGE_NOTICE : ADMISSION_NOTIFICATION;

      Bundle bundle = new Bundle();
      bundle.setId(id("bundle"));
      bundle.setType(Bundle.BundleType.MESSAGE);
      bundle.setIdentifier(
          new Identifier()
              .setSystem("urn:concordat:hl7v2:" + facility + ":msh-10")
              .setValue(controlId));
      String sent = Hl7v2DateTimes.instant(value(msh, 7, 1), "MSH", 7);
      if (sent == null) {
        sent = Hl7v2DateTimes.instant(value(evn, 2, 1), "EVN", 2);
      }
      if (sent != null) {
        bundle.setTimestampElement(new InstantType(sent));
      }

      Patient patient = patient(nhsNumber);
      Location location = location();
      Encounter encounter = encounter(discharge, discharged, location);

      MessageHeader header = new MessageHeader();
      header.setId(id("message-header"));
      header.setEvent(
          new Coding(
              SNOMED,
              eventCode,
              discharge
                  ? "Discharge Notice under the Care Act 2014 Schedule 3"
                  : "Admission notification"));
      for (OdsCode recipient : sender.recipients()) {
        header
            .addDestination()
            .setEndpoint(ODS_ENDPOINT + recipient.value())
            .setReceiver(organisation(recipient));
      }
      header.setSender(organisation(sender.partner()));
      header
          .getSource()
          .setName(value(msh, 3, 1))
          .setEndpoint(ODS_ENDPOINT + sender.partner().value());
      header.setReason(
          new CodeableConcept(new Coding(V2_EVENT_TYPE, trigger, eventDisplay(trigger))));
      header.addFocus(reference(encounter));

      add(bundle, header);
      add(bundle, encounter);
      add(bundle, patient);
      if (location != null) {
        add(bundle, location);
      }
      byte[] json = fhir.toJson(bundle).getBytes(StandardCharsets.UTF_8);
      return new AdtNotice(
          controlId, trigger, facility, sender.partner(), sender.recipients(), eventCode, json);
    }

    private NhsNumber nhsNumber() {
      for (int field : new int[] {3, 2}) {
        for (int rep = 0; rep < repetitions(pid, field); rep++) {
          String authority = upper(value(pid, field, rep, 4, 1));
          String type = upper(value(pid, field, rep, 5, 1));
          String id = value(pid, field, rep, 1, 1);
          if (id != null && ("NHS".equals(authority) || "NH".equals(type))) {
            try {
              return NhsNumber.parse(id);
            } catch (InvalidNhsNumberException e) {
              throw new AdtRejectedException(
                  AdtProblem.INVALID_NHS_NUMBER,
                  "The NHS number in PID-" + field + " is not valid: " + e.getMessage(),
                  "PID",
                  field);
            }
          }
        }
      }
      throw new AdtRejectedException(
          AdtProblem.MISSING_NHS_NUMBER,
          "The message has no NHS number: PID-3 needs an identifier with assigning authority NHS"
              + " or identifier type NH",
          "PID",
          3);
    }

    private Patient patient(NhsNumber nhsNumber) {
      Patient patient = new Patient();
      patient.setId(id("patient"));
      patient.addIdentifier(
          new Identifier().setSystem(NoticeParser.NHS_NUMBER_SYSTEM).setValue(nhsNumber.value()));
      for (int rep = 0; rep < repetitions(pid, 5); rep++) {
        HumanName name = name(rep);
        if (!name.isEmpty()) {
          patient.addName(name);
        }
      }
      String birth = Hl7v2DateTimes.date(value(pid, 7, 1), "PID", 7);
      if (birth != null) {
        patient.setBirthDateElement(new DateType(birth));
      }
      AdministrativeGender gender = gender(value(pid, 8, 1));
      if (gender != null) {
        patient.setGender(gender);
      }
      for (int rep = 0; rep < repetitions(pid, 11); rep++) {
        Address address = address(rep);
        if (!address.isEmpty()) {
          patient.addAddress(address);
        }
      }
      phones(patient, 13, ContactPoint.ContactPointUse.HOME);
      phones(patient, 14, ContactPoint.ContactPointUse.WORK);
      String practice = value(pd1, 3, 3);
      if (practice != null) {
        Reference gp = organisationReference(practice.toUpperCase(Locale.ROOT));
        String practiceName = value(pd1, 3, 1);
        if (practiceName != null) {
          gp.setDisplay(practiceName);
        }
        patient.addGeneralPractitioner(gp);
      }
      return patient;
    }

    private HumanName name(int rep) {
      HumanName name = new HumanName();
      String family = value(pid, 5, rep, 1, 1);
      if (family != null) {
        name.setFamily(family);
      }
      String given = value(pid, 5, rep, 2, 1);
      if (given != null) {
        name.addGiven(given);
      }
      String middle = value(pid, 5, rep, 3, 1);
      if (middle != null) {
        for (String part : middle.split("\\s+")) {
          name.addGiven(part);
        }
      }
      String suffix = value(pid, 5, rep, 4, 1);
      if (suffix != null) {
        name.addSuffix(suffix);
      }
      String prefix = value(pid, 5, rep, 5, 1);
      if (prefix != null) {
        name.addPrefix(prefix);
      }
      if (name.isEmpty()) {
        return name;
      }
      String type = upper(value(pid, 5, rep, 7, 1));
      name.setUse(
          switch (type) {
            case "L" -> HumanName.NameUse.OFFICIAL;
            case "D" -> HumanName.NameUse.USUAL;
            case "M", "B" -> HumanName.NameUse.MAIDEN;
            case "A", "N" -> HumanName.NameUse.NICKNAME;
            case "U" -> HumanName.NameUse.OLD;
            case "" -> rep == 0 ? HumanName.NameUse.OFFICIAL : HumanName.NameUse.USUAL;
            default -> HumanName.NameUse.USUAL;
          });
      return name;
    }

    private Address address(int rep) {
      Address address = new Address();
      for (int component : new int[] {1, 2}) {
        String line = value(pid, 11, rep, component, 1);
        if (line != null) {
          address.addLine(line);
        }
      }
      String city = value(pid, 11, rep, 3, 1);
      if (city != null) {
        address.setCity(city);
      }
      String district = value(pid, 11, rep, 4, 1);
      if (district != null) {
        address.setDistrict(district);
      }
      String postcode = value(pid, 11, rep, 5, 1);
      if (postcode != null) {
        address.setPostalCode(postcode);
      }
      String country = value(pid, 11, rep, 6, 1);
      if (country != null) {
        address.setCountry(country);
      }
      if (address.isEmpty()) {
        return address;
      }
      String type = upper(value(pid, 11, rep, 7, 1));
      switch (type) {
        case "H", "P" -> address.setUse(Address.AddressUse.HOME);
        case "B", "O" -> address.setUse(Address.AddressUse.WORK);
        case "C" -> address.setUse(Address.AddressUse.TEMP);
        default -> {
          // Mailing, birth or unknown types say nothing FHIR's use can hold.
        }
      }
      return address;
    }

    private void phones(Patient patient, int field, ContactPoint.ContactPointUse use) {
      for (int rep = 0; rep < repetitions(pid, field); rep++) {
        String number = value(pid, field, rep, 1, 1);
        if (number == null) {
          number = value(pid, field, rep, 12, 1);
        }
        if (number != null) {
          patient.addTelecom(
              new ContactPoint()
                  .setSystem(ContactPoint.ContactPointSystem.PHONE)
                  .setValue(number)
                  .setUse(use));
        }
      }
    }

    private @Nullable Location location() {
      String pointOfCare = value(pv1, 3, 1);
      String room = value(pv1, 3, 2);
      String bed = value(pv1, 3, 3);
      String site = value(pv1, 3, 4);
      if (pointOfCare == null && room == null && bed == null && site == null) {
        return null;
      }
      Location location = new Location();
      location.setId(id("location"));
      List<String> parts = new ArrayList<>();
      for (String part : new String[] {pointOfCare, room, bed}) {
        if (part != null) {
          parts.add(part);
        }
      }
      if (!parts.isEmpty()) {
        location.setName(String.join(" / ", parts));
      }
      if (site != null) {
        location.addIdentifier(new Identifier().setSystem(ODS_SITE_SYSTEM).setValue(site));
      }
      location.setManagingOrganization(organisation(sender.partner()));
      return location;
    }

    private Encounter encounter(
        boolean discharge, @Nullable String discharged, @Nullable Location location) {
      Encounter encounter = new Encounter();
      encounter.setId(id("encounter"));
      String visit = value(pv1, 19, 1);
      if (visit != null) {
        encounter.addIdentifier(
            new Identifier()
                .setSystem("urn:concordat:hl7v2:" + facility + ":visit-number")
                .setValue(visit));
      }
      encounter.setStatus(
          discharge ? Encounter.EncounterStatus.FINISHED : Encounter.EncounterStatus.INPROGRESS);
      encounter.setClass_(encounterClass(upper(value(pv1, 2, 1))));
      encounter.setSubject(new Reference(fullUrl("patient")));
      Period period = new Period();
      String admitted = Hl7v2DateTimes.dateTime(value(pv1, 44, 1), "PV1", 44);
      if (admitted == null && "A01".equals(trigger)) {
        admitted = Hl7v2DateTimes.dateTime(value(evn, 6, 1), "EVN", 6);
      }
      if (admitted != null) {
        period.setStartElement(new DateTimeType(admitted));
      }
      String end = discharged;
      if (end == null && "A03".equals(trigger)) {
        end = Hl7v2DateTimes.dateTime(value(evn, 6, 1), "EVN", 6);
      }
      if (end == null && !discharge) {
        // Not yet discharged: the expected discharge, if the PAS knows it.
        end = Hl7v2DateTimes.dateTime(value(pv2, 9, 1), "PV2", 9);
      }
      if (end != null) {
        period.setEndElement(new DateTimeType(end));
      }
      if (!period.isEmpty()) {
        encounter.setPeriod(period);
      }
      String destination = value(pv1, 37, 1);
      if (discharge && destination != null) {
        encounter
            .getHospitalization()
            .setDischargeDisposition(
                new CodeableConcept(
                    new Coding().setSystem(DISCHARGE_DESTINATION).setCode(destination)));
      }
      if (location != null) {
        encounter.addLocation().setLocation(new Reference(fullUrl("location")));
      }
      encounter.setServiceProvider(organisation(sender.partner()));
      return encounter;
    }

    private String id(String role) {
      return UUID.nameUUIDFromBytes(
              (facility.toUpperCase(Locale.ROOT) + "|" + controlId + "|" + role)
                  .getBytes(StandardCharsets.UTF_8))
          .toString();
    }

    private String fullUrl(String role) {
      return "urn:uuid:" + id(role);
    }

    private Reference reference(Resource resource) {
      return new Reference("urn:uuid:" + resource.getIdElement().getIdPart());
    }

    private void add(Bundle bundle, Resource resource) {
      bundle
          .addEntry()
          .setFullUrl("urn:uuid:" + resource.getIdElement().getIdPart())
          .setResource(resource);
    }
  }

  private static Reference organisation(OdsCode ods) {
    return organisationReference(ods.value());
  }

  private static Reference organisationReference(String odsCode) {
    return new Reference()
        .setIdentifier(
            new Identifier().setSystem(NoticeParser.ODS_ORGANISATION_SYSTEM).setValue(odsCode));
  }

  private static @Nullable AdministrativeGender gender(@Nullable String code) {
    if (code == null) {
      return null;
    }
    // NHS Data Dictionary person gender codes (1, 2, 9, 0/X) and HL7 table 0001 (M, F, O, A, U, N).
    return switch (code.toUpperCase(Locale.ROOT)) {
      case "1", "M" -> AdministrativeGender.MALE;
      case "2", "F" -> AdministrativeGender.FEMALE;
      case "9", "O", "A" -> AdministrativeGender.OTHER;
      default -> AdministrativeGender.UNKNOWN;
    };
  }

  private static Coding encounterClass(String patientClass) {
    return switch (patientClass) {
      case "I", "B" -> new Coding(ACT_CODE, "IMP", "inpatient encounter");
      case "E" -> new Coding(ACT_CODE, "EMER", "emergency");
      case "O", "R" -> new Coding(ACT_CODE, "AMB", "ambulatory");
      case "P" -> new Coding(ACT_CODE, "PRENC", "pre-admission");
      default -> new Coding(NULL_FLAVOR, "UNK", "unknown");
    };
  }

  private static String eventDisplay(String trigger) {
    return switch (trigger) {
      case "A01" -> "ADT/ACK - Admit/visit notification";
      case "A03" -> "ADT/ACK - Discharge/end visit";
      default -> "ADT/ACK - Update patient information";
    };
  }
}
