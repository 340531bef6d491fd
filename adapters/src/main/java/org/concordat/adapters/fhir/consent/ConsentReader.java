package org.concordat.adapters.fhir.consent;

import static org.concordat.adapters.fhir.consent.ProvisionReader.referenceType;
import static org.concordat.adapters.fhir.consent.ProvisionReader.shown;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.concordat.protocols.consent.ConsentDirective;
import org.concordat.protocols.consent.ConsentDirective.Kind;
import org.concordat.protocols.sharing.OdsCode;
import org.concordat.protocols.sharing.Protocol;
import org.concordat.protocols.subject.InvalidNhsNumberException;
import org.concordat.protocols.subject.NhsNumber;
import org.hl7.fhir.r4.model.Attachment;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.Consent.ConsentProvisionType;
import org.hl7.fhir.r4.model.Consent.ProvisionComponent;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Reference;
import org.jspecify.annotations.Nullable;

/**
 * Reads a FHIR R4 Consent into what the broker needs ({@link InterpretedConsent}), following the
 * conventions in {@code docs/consent-format.md}: the person by NHS number, an information-sharing
 * scope, and provisions whose purposes, recipients and data categories are the protocol's own.
 *
 * <p>Anything Concordat cannot enforce exactly is refused with a reason rather than ignored, since
 * ignoring a condition widens what a provision covers. Every problem found is reported at once.
 * Thread-safe; one reader per protocol version.
 */
public final class ConsentReader {
  private static final Set<String> KNOWN_EXTENSIONS =
      Set.of(
          ConsentFormat.GIVEN_BY_EXTENSION,
          ConsentFormat.DECISION_MAKER_EXTENSION,
          ConsentFormat.RECORDED_BY_EXTENSION,
          ConsentFormat.REVIEW_DATE_EXTENSION);

  private final Protocol protocol;

  /**
   * @param protocol the protocol whose purposes, parties and data categories the Consent's codes
   *     must name
   */
  public ConsentReader(Protocol protocol) {
    this.protocol = Objects.requireNonNull(protocol, "protocol");
  }

  /**
   * Interprets one version of a Consent.
   *
   * @param reference the version reference the broker gave it (e.g. {@code
   *     Consent/3f2a/_history/2}); every directive carries it
   * @throws ConsentRejectedException with every reason the Consent cannot be recorded
   */
  public InterpretedConsent read(Consent consent, String reference) {
    Objects.requireNonNull(consent, "consent");
    Objects.requireNonNull(reference, "reference");
    if (reference.isBlank()) {
      throw new IllegalArgumentException("A Consent is read with the reference it is stored under");
    }
    Problems problems = new Problems();
    checkExtensions(consent, problems);
    InterpretedConsent.Status status = status(consent, problems);
    checkScope(consent, problems);
    NhsNumber subject = subject(consent, problems);
    Instant recordedAt = recordedAt(consent, problems);
    GivenBy givenBy = givenBy(consent, subject, problems);
    String recordedBy = recordedBy(consent, problems);
    LocalDate reviewDate = reviewDate(consent, recordedAt, problems);
    Evidence evidence = evidence(consent, problems);
    Kind rootKind = rootKind(consent, problems);
    ProvisionComponent root =
        consent.hasProvision() ? consent.getProvision() : new ProvisionComponent();
    List<ConsentDirective> directives =
        new ProvisionReader(protocol, problems, reference)
            .flatten(root, rootKind == null ? Kind.DENY : rootKind);
    if (problems.any()) {
      throw new ConsentRejectedException(problems.list());
    }
    return new InterpretedConsent(
        Objects.requireNonNull(subject),
        Objects.requireNonNull(status),
        directives,
        Objects.requireNonNull(givenBy),
        recordedBy,
        recordedAt,
        reviewDate,
        Objects.requireNonNull(evidence),
        recorders(consent),
        consent.getOrganization().stream().anyMatch(o -> odsCode(o) == null));
  }

  /**
   * The organisations the Consent names as its recorder, by ODS code: {@code Consent.organization},
   * and performers identified by an ODS code (a person of an organisation may be recorded so).
   */
  private static Set<OdsCode> recorders(Consent consent) {
    Set<OdsCode> named = new java.util.TreeSet<>();
    for (Reference organisation : consent.getOrganization()) {
      OdsCode ods = odsCode(organisation);
      if (ods != null) {
        named.add(ods);
      }
    }
    for (Reference performer : consent.getPerformer()) {
      OdsCode ods = odsCode(performer);
      if (ods != null) {
        named.add(ods);
      }
    }
    return named;
  }

  private static @Nullable OdsCode odsCode(Reference reference) {
    Identifier identifier = reference.getIdentifier();
    if (!reference.hasIdentifier()
        || !ConsentFormat.ODS_ORGANISATION_SYSTEM.equalsIgnoreCase(
            String.valueOf(identifier.getSystem()))
        || !identifier.hasValue()) {
      return null;
    }
    try {
      return OdsCode.of(identifier.getValue().strip().toUpperCase(java.util.Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static void checkExtensions(Consent consent, Problems problems) {
    for (Extension e : consent.getModifierExtension()) {
      problems.add(
          "Consent.modifierExtension",
          "Concordat does not understand the modifier extension "
              + shown(e.getUrl())
              + ", which may change what the Consent means");
    }
    for (Extension e : consent.getExtension()) {
      String url = e.getUrl();
      if (url != null
          && url.startsWith(ConsentFormat.EXTENSION_PREFIX)
          && !KNOWN_EXTENSIONS.contains(url)) {
        problems.add(
            "Consent.extension",
            "Concordat defines no Consent extension " + shown(url) + "; check its URL");
      }
    }
  }

  private static @Nullable Extension single(Consent consent, String url, Problems problems) {
    List<Extension> found = consent.getExtensionsByUrl(url);
    if (found.size() > 1) {
      problems.add(extensionElement(url), "appears " + found.size() + " times; once is expected");
    }
    return found.isEmpty() ? null : found.get(0);
  }

  private static String extensionElement(String url) {
    return "Consent.extension(" + url.substring(ConsentFormat.EXTENSION_PREFIX.length()) + ")";
  }

  private static InterpretedConsent.@Nullable Status status(Consent consent, Problems problems) {
    Consent.ConsentState state = consent.hasStatus() ? consent.getStatus() : null;
    if (state == null || state == Consent.ConsentState.NULL) {
      problems.add("Consent.status", "is missing");
      return null;
    }
    return switch (state) {
      case ACTIVE -> InterpretedConsent.Status.ACTIVE;
      case INACTIVE -> InterpretedConsent.Status.INACTIVE;
      case DRAFT -> InterpretedConsent.Status.DRAFT;
      case PROPOSED -> InterpretedConsent.Status.PROPOSED;
      case REJECTED -> InterpretedConsent.Status.REJECTED;
      case ENTEREDINERROR -> InterpretedConsent.Status.ENTERED_IN_ERROR;
      case NULL -> throw new IllegalStateException("handled above");
    };
  }

  private static void checkScope(Consent consent, Problems problems) {
    String expected =
        "Concordat records information-sharing directives (scope "
            + ConsentFormat.CONSENT_SCOPE_SYSTEM
            + "|"
            + ConsentFormat.PATIENT_PRIVACY
            + ")";
    if (!consent.hasScope()) {
      problems.add("Consent.scope", "is missing; " + expected);
      return;
    }
    Coding coding =
        consent.getScope().getCoding().stream()
            .filter(c -> ConsentFormat.CONSENT_SCOPE_SYSTEM.equals(c.getSystem()))
            .findFirst()
            .orElse(null);
    String code = coding == null ? null : coding.getCode();
    if (ConsentFormat.PATIENT_PRIVACY.equals(code)) {
      return;
    }
    String what =
        code == null
            ? "a Consent without a consentscope code"
            : switch (code) {
              case "research" -> "a research consent";
              case "adr" -> "an advance directive (adr)";
              case "treatment" -> "a treatment consent";
              default -> "a Consent with scope '" + shown(code) + "'";
            };
    problems.add("Consent.scope", expected + "; " + what + " is not one");
  }

  private static @Nullable NhsNumber subject(Consent consent, Problems problems) {
    String expected =
        "the person is identified by an NHS number (identifier system "
            + ConsentFormat.NHS_NUMBER_SYSTEM
            + ")";
    if (!consent.hasPatient()) {
      problems.add("Consent.patient", "is missing; " + expected);
      return null;
    }
    Reference patient = consent.getPatient();
    Identifier identifier = patient.getIdentifier();
    if (patient.hasIdentifier() && ConsentFormat.NHS_NUMBER_SYSTEM.equals(identifier.getSystem())) {
      if (!identifier.hasValue()) {
        problems.add("Consent.patient.identifier", "the NHS number has no value");
        return null;
      }
      try {
        return NhsNumber.parse(identifier.getValue());
      } catch (InvalidNhsNumberException e) {
        // The core's sentences describe the fault, never the number.
        problems.add(
            "Consent.patient.identifier", "the NHS number is not valid: " + e.getMessage());
        return null;
      }
    }
    String refersTo =
        patient.hasReference()
            ? shown(patient.getReference())
            : patient.hasIdentifier()
                ? "an identifier with system " + shown(identifier.getSystem())
                : "a display name";
    problems.add(
        "Consent.patient", expected + ", but this Consent refers to " + refersTo + " only");
    return null;
  }

  private static @Nullable Instant recordedAt(Consent consent, Problems problems) {
    if (!consent.hasDateTimeElement() || !consent.getDateTimeElement().hasValue()) {
      problems.add("Consent.dateTime", "is missing; Concordat records when each consent was given");
      return null;
    }
    try {
      return ConsentDates.start(consent.getDateTimeElement().getValueAsString());
    } catch (DateTimeException e) {
      problems.add("Consent.dateTime", "cannot be read: " + e.getMessage());
      return null;
    }
  }

  private static @Nullable GivenBy givenBy(
      Consent consent, @Nullable NhsNumber subject, Problems problems) {
    Extension kindExtension = single(consent, ConsentFormat.GIVEN_BY_EXTENSION, problems);
    Extension makerExtension = single(consent, ConsentFormat.DECISION_MAKER_EXTENSION, problems);
    String kindElement = extensionElement(ConsentFormat.GIVEN_BY_EXTENSION);
    GivenBy.Kind stated = null;
    if (kindExtension != null) {
      String code =
          kindExtension.getValue() instanceof CodeType c && c.hasValue() ? c.getValue() : null;
      stated =
          code == null
              ? null
              : switch (code) {
                case "person" -> GivenBy.Kind.PERSON;
                case "lasting-power-of-attorney" -> GivenBy.Kind.LASTING_POWER_OF_ATTORNEY;
                case "best-interests-decision" -> GivenBy.Kind.BEST_INTERESTS_DECISION;
                default -> null;
              };
      if (stated == null) {
        problems.add(
            kindElement,
            (code == null ? "has no valueCode" : "'" + shown(code) + "' is not a code it takes")
                + "; it takes person, lasting-power-of-attorney or best-interests-decision");
        return null;
      }
    }
    List<Reference> performers = consent.getPerformer();
    boolean allThePerson = true;
    for (int i = 0; i < performers.size(); i++) {
      Reference performer = performers.get(i);
      String type = referenceType(performer);
      Identifier identifier = performer.getIdentifier();
      boolean nhsNumbered =
          performer.hasIdentifier()
              && ConsentFormat.NHS_NUMBER_SYSTEM.equals(identifier.getSystem());
      if ("Organization".equals(type)) {
        problems.add(
            "Consent.performer[" + i + "]",
            "an organisation cannot give consent for a person; the organisation that recorded it"
                + " goes in Consent.organization");
      }
      boolean isPatient = "Patient".equals(type) || (type == null && nhsNumbered);
      allThePerson &= isPatient;
      if (isPatient && nhsNumbered && subject != null) {
        boolean same;
        try {
          same = NhsNumber.parse(identifier.getValue()).equals(subject);
        } catch (InvalidNhsNumberException e) {
          problems.add(
              "Consent.performer[" + i + "].identifier",
              "the NHS number is not valid: " + e.getMessage());
          continue;
        }
        if (!same) {
          problems.add(
              "Consent.performer[" + i + "]",
              "is a different person from Consent.patient (another NHS number). Someone acting"
                  + " for the person is a RelatedPerson, with the consent-given-by extension"
                  + " saying on what authority");
        }
      }
    }
    GivenBy.Kind kind = stated;
    if (kind == null) {
      // No stated authority: the person themselves when nobody else is named.
      kind = allThePerson ? GivenBy.Kind.PERSON : GivenBy.Kind.OTHER;
    } else if (kind == GivenBy.Kind.PERSON && !allThePerson) {
      problems.add(
          "Consent.performer",
          "the consent-given-by extension says the person gave consent themselves, but"
              + " Consent.performer names someone else");
    } else if (kind == GivenBy.Kind.LASTING_POWER_OF_ATTORNEY) {
      if (performers.isEmpty()) {
        problems.add(
            "Consent.performer",
            "is missing: a consent given under a lasting power of attorney names the attorney"
                + " (a RelatedPerson)");
      } else if (performers.stream().anyMatch(r -> "Patient".equals(referenceType(r)))) {
        problems.add(
            "Consent.performer",
            "an attorney acts for the person, so is not the Patient; refer to them as a"
                + " RelatedPerson");
      }
    } else if (kind == GivenBy.Kind.BEST_INTERESTS_DECISION
        && performers.stream().anyMatch(r -> "Patient".equals(referenceType(r)))) {
      problems.add(
          "Consent.performer",
          "a best-interests decision is made for a person who lacks capacity, not by them;"
              + " Consent.performer is the decision maker, or is left out");
    }
    String makerElement = extensionElement(ConsentFormat.DECISION_MAKER_EXTENSION);
    String decisionMaker = null;
    if (makerExtension != null) {
      String maker = makerExtension.getValue() instanceof Reference r ? describe(r) : null;
      if (kind != GivenBy.Kind.BEST_INTERESTS_DECISION) {
        problems.add(
            makerElement,
            "only a best-interests decision has a decision maker, and consent-given-by does not"
                + " say best-interests-decision");
      } else if (maker == null) {
        problems.add(
            makerElement,
            "needs a valueReference naming the decision maker (a reference or a display)");
      } else {
        decisionMaker = maker;
      }
    } else if (kind == GivenBy.Kind.BEST_INTERESTS_DECISION) {
      problems.add(
          makerElement,
          "is missing: a best-interests decision names who made it (Mental Capacity Act 2005 s4)");
    }
    if (kind == GivenBy.Kind.BEST_INTERESTS_DECISION && decisionMaker == null) {
      return null;
    }
    String who =
        performers.stream()
            .map(ConsentReader::describe)
            .filter(Objects::nonNull)
            .collect(Collectors.joining("; "));
    return new GivenBy(kind, who.isEmpty() ? null : who, decisionMaker);
  }

  private static @Nullable String recordedBy(Consent consent, Problems problems) {
    Extension extension = single(consent, ConsentFormat.RECORDED_BY_EXTENSION, problems);
    if (extension != null) {
      String who = extension.getValue() instanceof Reference r ? describe(r) : null;
      if (who == null) {
        problems.add(
            extensionElement(ConsentFormat.RECORDED_BY_EXTENSION),
            "needs a valueReference naming who recorded the consent (a reference or a display)");
      }
      return who;
    }
    String organisations =
        consent.getOrganization().stream()
            .map(ConsentReader::describe)
            .filter(Objects::nonNull)
            .collect(Collectors.joining("; "));
    return organisations.isEmpty() ? null : organisations;
  }

  private static @Nullable LocalDate reviewDate(
      Consent consent, @Nullable Instant recordedAt, Problems problems) {
    Extension extension = single(consent, ConsentFormat.REVIEW_DATE_EXTENSION, problems);
    if (extension == null) {
      return null;
    }
    String element = extensionElement(ConsentFormat.REVIEW_DATE_EXTENSION);
    if (!(extension.getValue() instanceof DateType date) || !date.hasValue()) {
      problems.add(element, "needs a valueDate (YYYY-MM-DD)");
      return null;
    }
    LocalDate review;
    try {
      review = ConsentDates.date(date.getValueAsString());
    } catch (DateTimeException e) {
      problems.add(element, "cannot be read: " + e.getMessage());
      return null;
    }
    if (recordedAt != null && review.isBefore(recordedAt.atZone(ConsentDates.ZONE).toLocalDate())) {
      problems.add(element, "is before the consent was recorded (Consent.dateTime)");
    }
    return review;
  }

  private static Evidence evidence(Consent consent, Problems problems) {
    if (consent.hasSourceAttachment()) {
      Attachment attachment = consent.getSourceAttachment();
      if (attachment.hasData()
          && attachment.getData().length > ConsentFormat.MAX_ATTACHMENT_BYTES) {
        problems.add(
            "Consent.sourceAttachment.data",
            "has "
                + attachment.getData().length
                + " bytes; at most "
                + ConsentFormat.MAX_ATTACHMENT_BYTES
                + " (5 MiB) are accepted inline. Keep the scanned form in a document store and"
                + " give its url");
      }
      if (!attachment.hasData() && !attachment.hasUrl()) {
        problems.add(
            "Consent.sourceAttachment",
            "has neither data nor url, so it is not evidence of anything (a title is not a form)."
                + " Attach the scanned form, give its url, or leave sourceAttachment out");
      }
      String description =
          attachment.hasTitle()
              ? attachment.getTitle()
              : attachment.hasUrl()
                  ? attachment.getUrl()
                  : attachment.hasContentType() ? attachment.getContentType() : null;
      return new Evidence(Evidence.Kind.ATTACHMENT, description);
    }
    if (consent.hasSourceReference()) {
      Reference source = consent.getSourceReference();
      return new Evidence(
          Evidence.Kind.REFERENCE,
          source.hasReference() ? source.getReference() : describe(source));
    }
    return Evidence.NONE;
  }

  /**
   * Permit or deny, from the root {@code provision.type} or else {@code policyRule}; null (after
   * adding a problem) when neither says or they disagree.
   */
  private static @Nullable Kind rootKind(Consent consent, Problems problems) {
    Kind byPolicy = null;
    String policyCode = null;
    for (Coding coding : consent.getPolicyRule().getCoding()) {
      if (!ConsentFormat.ACT_CODE_SYSTEM.equals(coding.getSystem()) || !coding.hasCode()) {
        continue;
      }
      Kind kind =
          switch (coding.getCode()) {
            case "OPTIN", "OPTINR" -> Kind.PERMIT;
            case "OPTOUT", "OPTOUTE" -> Kind.DENY;
            default -> null;
          };
      if (kind == null) {
        continue;
      }
      if (byPolicy != null && byPolicy != kind) {
        problems.add("Consent.policyRule", "says both opt-in and opt-out");
        return null;
      }
      byPolicy = kind;
      policyCode = coding.getCode();
    }
    ProvisionComponent root = consent.getProvision();
    Kind byType =
        consent.hasProvision() && root.hasType() && root.getType() != ConsentProvisionType.NULL
            ? (root.getType() == ConsentProvisionType.PERMIT ? Kind.PERMIT : Kind.DENY)
            : null;
    if (byType != null && byPolicy != null && byType != byPolicy) {
      problems.add(
          "Consent.provision.type",
          "is "
              + root.getType().toCode()
              + " but Consent.policyRule is "
              + policyCode
              + (byPolicy == Kind.PERMIT ? " (opt-in)" : " (opt-out)")
              + ", so whether the person agrees or refuses is unclear. Make the two agree, or leave"
              + " policyRule out");
      return null;
    }
    Kind kind = byType != null ? byType : byPolicy;
    if (kind == null) {
      problems.add(
          "Consent.provision.type",
          "is missing and Consent.policyRule is not OPTIN or OPTOUT ("
              + ConsentFormat.ACT_CODE_SYSTEM
              + "), so the Consent says neither permit nor deny");
    }
    return kind;
  }

  /** A display, else an identifier's value, else the reference itself. */
  static @Nullable String describe(Reference reference) {
    if (reference.hasDisplay() && !reference.getDisplay().isBlank()) {
      return reference.getDisplay().strip();
    }
    if (reference.hasIdentifier() && reference.getIdentifier().hasValue()) {
      return reference.getIdentifier().getValue().strip();
    }
    return reference.hasReference() ? reference.getReference() : null;
  }
}
