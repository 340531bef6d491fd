package org.concordat.broker.consent;

import ca.uhn.fhir.context.FhirContext;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.concordat.adapters.fhir.NoticeParser;
import org.concordat.adapters.fhir.consent.ConsentReader;
import org.concordat.adapters.fhir.consent.ConsentRejectedException;
import org.concordat.adapters.fhir.consent.InterpretedConsent;
import org.concordat.adapters.fhir.validation.UkCoreValidator;
import org.concordat.adapters.fhir.validation.ValidationReport;
import org.concordat.broker.agreement.ActiveProtocol;
import org.concordat.broker.agreement.NarrowingChange;
import org.concordat.broker.agreement.QueuedRedecision;
import org.concordat.broker.consent.ConsentRepository.Criteria;
import org.concordat.broker.consent.ConsentRepository.StoredConsent;
import org.concordat.broker.delivery.OutboxRepository;
import org.concordat.broker.delivery.OutboxRepository.NewDelivery;
import org.concordat.broker.delivery.PartnerDirectory;
import org.concordat.broker.ledger.FollowUp;
import org.concordat.broker.ledger.FollowUpHandler;
import org.concordat.broker.ledger.FollowUps;
import org.concordat.broker.ledger.LedgerRepository;
import org.concordat.broker.ledger.LedgerSequencer;
import org.concordat.broker.subject.SubjectDirectory;
import org.concordat.protocols.canonical.Sha256;
import org.concordat.protocols.consent.ConsentDirective;
import org.concordat.protocols.consent.DirectivePrecedence;
import org.concordat.protocols.consent.RecordingAuthority;
import org.concordat.protocols.decision.Decision;
import org.concordat.protocols.decision.DecisionRequest;
import org.concordat.protocols.decision.Requester;
import org.concordat.protocols.ledger.ConsentChangeBody;
import org.concordat.protocols.ledger.ConsentReceipt;
import org.concordat.protocols.ledger.DisclosureBody;
import org.concordat.protocols.ledger.EntryType;
import org.concordat.protocols.ledger.LedgerEntry;
import org.concordat.protocols.ledger.Signer;
import org.concordat.protocols.ledger.SubjectKey;
import org.concordat.protocols.sharing.OdsCode;
import org.concordat.protocols.sharing.Protocol;
import org.concordat.protocols.subject.InvalidNhsNumberException;
import org.concordat.protocols.subject.LookupKey;
import org.concordat.protocols.subject.NhsNumber;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.Coding;
import org.hl7.fhir.r4.model.Consent;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.MessageHeader;
import org.hl7.fhir.r4.model.Parameters;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.StringType;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The consent registry: records consent directives (FHIR R4 Consent, UK Core) as versions that are
 * never overwritten, each with a {@code consent-change} ledger entry in the same transaction, and
 * keeps the decision engine's {@link ConsentCache} current. A withdrawal or narrowing decides again
 * what is still queued for the person and tells recipients who already received data under the old
 * terms.
 */
class ConsentRegistry implements FollowUpHandler {
  private static final Logger log = LoggerFactory.getLogger(ConsentRegistry.class);

  /** The UK Core profile every directive is validated against. */
  public static final String UK_CORE_CONSENT =
      "https://fhir.hl7.org.uk/StructureDefinition/UKCore-Consent";

  /** Concordat's code system for the events the broker itself raises. */
  public static final String BROKER_EVENTS =
      "https://fhir.concordat.example/CodeSystem/broker-event";

  private static final int MAX_RESULTS = 500;

  private final ConsentRepository consents;
  private final ConsentCache cache;
  private final LedgerSequencer ledger;
  private final FollowUps followUps;
  private final LedgerRepository ledgerEntries;
  private final OutboxRepository outbox;
  private final SubjectDirectory subjects;
  private final Supplier<ActiveProtocol> protocol;
  private final QueuedRedecision redecision;
  private final PartnerDirectory partners;
  private final FhirContext fhir;
  private final UkCoreValidator validator;
  private final TimeBudget validation;
  private final Supplier<Signer> signer;
  private final String origin;
  private final TransactionTemplate transactions;
  private final Clock clock;
  private final Supplier<UUID> ids;
  private final ApplicationEventPublisher publisher;

  public ConsentRegistry(
      ConsentRepository consents,
      ConsentCache cache,
      LedgerSequencer ledger,
      FollowUps followUps,
      LedgerRepository ledgerEntries,
      OutboxRepository outbox,
      SubjectDirectory subjects,
      Supplier<ActiveProtocol> protocol,
      QueuedRedecision redecision,
      PartnerDirectory partners,
      FhirContext fhir,
      UkCoreValidator validator,
      TimeBudget validation,
      Supplier<Signer> signer,
      String origin,
      TransactionTemplate transactions,
      Clock clock,
      Supplier<UUID> ids,
      ApplicationEventPublisher publisher) {
    this.consents = consents;
    this.cache = cache;
    this.ledger = ledger;
    this.followUps = followUps;
    this.ledgerEntries = ledgerEntries;
    this.outbox = outbox;
    this.subjects = subjects;
    this.protocol = protocol;
    this.redecision = redecision;
    this.partners = partners;
    this.fhir = fhir;
    this.validator = validator;
    this.validation = validation;
    this.signer = signer;
    this.origin = origin;
    this.transactions = transactions;
    this.clock = clock;
    this.ids = ids;
    this.publisher = publisher;
  }

  /**
   * Who asks: a partner system sees the directives it recorded a version of, and those that open
   * one of its flows ({@link RecordingAuthority}); IG and admin see all.
   */
  public record Viewer(@Nullable OdsCode partner) {
    public static final Viewer GOVERNANCE = new Viewer(null);
  }

  /** Whether {@code viewer} may see the directive whose versions are {@code history}. */
  private boolean visible(List<StoredConsent> history, Viewer viewer) {
    OdsCode partner = viewer.partner();
    if (partner == null || history.isEmpty()) {
      return partner == null && !history.isEmpty();
    }
    StoredConsent current =
        history.stream().filter(StoredConsent::current).findFirst().orElse(history.get(0));
    return authority().maySee(partner, recorders(history), current.directives());
  }

  private static Set<OdsCode> recorders(List<StoredConsent> history) {
    return history.stream().map(v -> OdsCode.of(v.recorderOds())).collect(Collectors.toSet());
  }

  private RecordingAuthority authority() {
    return new RecordingAuthority(protocol.get().protocol());
  }

  /** A stored version as FHIR, with its receipt. */
  public record ConsentVersion(Consent resource, StoredConsent stored) {}

  /**
   * What a create or update answers: the stored version, the signed receipt and warnings (a
   * directive that another in force fully overrides), each a sentence without personal data.
   */
  public record Recorded(
      Consent resource, StoredConsent stored, String receipt, List<String> warnings) {
    public Recorded {
      warnings = List.copyOf(warnings);
    }
  }

  /** Records a new directive (version 1). */
  public Recorded create(Consent consent, OdsCode recorder) {
    return record(ids.get().toString(), 1, consent, recorder, ConsentChangeBody.Change.CREATED);
  }

  /**
   * Records a new version of directive {@code id}. A version whose status is {@code inactive}
   * withdraws it; any other change updates it.
   *
   * @param expectedVersion the version the caller last saw (HTTP If-Match), or null
   */
  public Recorded update(
      String id, Consent consent, OdsCode recorder, @Nullable Integer expectedVersion) {
    StoredConsent current =
        consents
            .current(id)
            .orElseThrow(
                () ->
                    new ConsentRequestException(
                        ConsentRequestException.Kind.NOT_FOUND,
                        List.of("There is no consent directive Consent/" + id + ".")));
    boolean withdrawal = consent.getStatus() == Consent.ConsentState.INACTIVE;
    List<StoredConsent> history = consents.history(id);
    List<RecordingAuthority.Refusal> refusals =
        authority()
            .mayChange(
                recorder, recorders(history), current.directives(), withdrawal, "Consent/" + id);
    if (!refusals.isEmpty()) {
      throw refused(refusals);
    }
    if (expectedVersion != null && expectedVersion != current.version()) {
      throw new ConsentRequestException(
          ConsentRequestException.Kind.CONFLICT,
          List.of(
              "Consent/"
                  + id
                  + " is at version "
                  + current.version()
                  + ", not "
                  + expectedVersion
                  + "; read it again and apply your change to the current version."));
    }
    return record(
        id,
        current.version() + 1,
        consent,
        recorder,
        withdrawal ? ConsentChangeBody.Change.WITHDRAWN : ConsentChangeBody.Change.UPDATED);
  }

  private Recorded record(
      String id, int version, Consent consent, OdsCode recorder, ConsentChangeBody.Change change) {
    ValidationReport report = validate(consent);
    if (report.hasErrors()) {
      throw new ConsentRequestException(
          ConsentRequestException.Kind.INVALID,
          report.errors().stream().map(i -> i.location() + ": " + i.message()).toList(),
          report.toOperationOutcome());
    }
    String reference = "Consent/" + id + "/_history/" + version;
    Protocol rules = protocol.get().protocol();
    InterpretedConsent reading;
    try {
      reading = new ConsentReader(rules).read(consent, reference);
    } catch (ConsentRejectedException e) {
      throw new ConsentRequestException(ConsentRequestException.Kind.INVALID, e.problems());
    }
    RecordingAuthority authority = new RecordingAuthority(rules);
    List<RecordingAuthority.Refusal> refusals =
        authority.mayRecord(
            recorder, reading.recorders(), reading.unnamedRecorder(), reading.directives());
    if (!refusals.isEmpty()) {
      throw refused(refusals);
    }
    Instant now = clock.instant();
    Instant recordedAt = reading.recordedAt() != null ? reading.recordedAt() : now;
    consent.setId(new IdType("Consent", id, String.valueOf(version)));
    consent.getMeta().setVersionId(String.valueOf(version));
    consent.getMeta().setLastUpdated(Date.from(now));
    byte[] bytes =
        fhir.newJsonParser().encodeResourceToString(consent).getBytes(StandardCharsets.UTF_8);
    String sha256 = Sha256.hexOf(bytes);
    NhsNumber person = reading.subject();
    SubjectKey subjectKey = subjects.subjectKey(person);
    LookupKey lookupKey = subjects.lookupKey(person);
    List<ConsentDirective> directives =
        dated(
            withReviewDue(reading.directives(), reading.reviewDate()),
            recordedAt.atZone(Protocol.PARTNERSHIP_ZONE).toLocalDate());
    List<String> warnings =
        reading.inForce() ? overridden(directives, id, lookupKey.value()) : List.of();
    Set<String> openers =
        authority.sendersOpened(directives).stream()
            .map(OdsCode::value)
            .collect(Collectors.toSet());
    Appended appended =
        ledger.record(
            batch -> {
              LedgerEntry changed =
                  batch.append(
                      EntryType.CONSENT_CHANGE,
                      index -> new ConsentChangeBody(subjectKey, reference, sha256, change));
              StoredConsent stored =
                  new StoredConsent(
                      id,
                      version,
                      lookupKey.value(),
                      consent.getStatus().toCode(),
                      recordedAt,
                      now,
                      reading.reviewDate(),
                      recorder.value(),
                      bytes,
                      sha256,
                      directives,
                      changed.index(),
                      true,
                      reading.purposes().stream().map(p -> p.value()).collect(Collectors.toSet()),
                      reading.recipients().stream().map(OdsCode::value).collect(Collectors.toSet()),
                      openers);
              batch.insert(consents::insert, stored);
              batch.publishAfterCommit(
                  new ConsentChanged(reference, change.wireName(), changed.index()));
              // What follows the change is recorded with it, so a crash cannot lose it.
              String followUp =
                  followUps.add(
                      batch,
                      new FollowUp(
                          FOLLOW_UP,
                          Map.of(
                              "id", id,
                              "reference", reference,
                              "change", change.name(),
                              "nhsNumber", person.value(),
                              "subjectKey", subjectKey.value(),
                              "lookupKey", lookupKey.value(),
                              "changeIndex", Long.toString(changed.index()))));
              return new Appended(changed, stored, followUp);
            });
    LedgerEntry entry = appended.entry();
    // Visible to the next decision on this node before the caller hears it was recorded.
    cache.refresh(lookupKey.value());
    log.info("Consent {} {} (ledger entry {})", reference, change.wireName(), entry.index());
    // Done before the caller is answered; after a crash, by whichever node runs it next.
    followUps.runNow(appended.followUp());
    String receipt =
        new ConsentReceipt(origin, reference, change, sha256, entry.index(), entry.time())
            .sign(signer.get());
    return new Recorded(consent, appended.stored(), receipt, warnings);
  }

  /** The follow-up kind of a consent change. */
  static final String FOLLOW_UP = "consent-changed";

  @Override
  public String kind() {
    return FOLLOW_UP;
  }

  /**
   * What follows a consent change, once committed: whatever changed, disclosures still queued for
   * the person are decided again (idempotent: a second run finds nothing left to cancel);
   * recipients who already received data are told only when an existing directive changed (the
   * notices and the follow-up's completion commit together, so they are sent once).
   */
  @Override
  public void complete(FollowUp.Pending followUp) {
    String reference = followUp.detail("reference");
    SubjectKey subjectKey = new SubjectKey(followUp.detail("subjectKey"));
    LookupKey lookupKey = new LookupKey(followUp.detail("lookupKey"));
    ConsentChangeBody.Change change = ConsentChangeBody.Change.valueOf(followUp.detail("change"));
    cache.refresh(lookupKey.value());
    int cancelled =
        redecision.redecide(
            NarrowingChange.person(subjectKey, lookupKey, "The person's consent changed"));
    if (cancelled > 0) {
      log.info("{} queued delivery(ies) decided again after {} changed", cancelled, reference);
    }
    if (change != ConsentChangeBody.Change.CREATED) {
      afterNarrowing(
          followUp.detail("id"),
          reference,
          change,
          NhsNumber.parse(followUp.detail("nhsNumber")),
          subjectKey,
          lookupKey,
          Long.parseLong(followUp.detail("changeIndex")),
          followUp.id());
    }
  }

  /**
   * Validates against UK Core within the time budget: validation that takes longer is abandoned,
   * and the request is answered 503 with nothing recorded.
   */
  private ValidationReport validate(Consent consent) {
    try {
      return validation.run(() -> validator.validate(consent, UK_CORE_CONSENT));
    } catch (TimeBudget.ExceededException e) {
      log.warn("Consent validation abandoned: {}", e.getMessage());
      throw new ConsentRequestException(
          ConsentRequestException.Kind.UNAVAILABLE,
          List.of(
              e.busy()
                  ? "The broker is validating as many consent directives as it can at once, so"
                      + " this one was not recorded; try again shortly."
                  : "Validating the Consent took longer than "
                      + validation.budget().toSeconds()
                      + " seconds, so it was abandoned and nothing was recorded. A Consent that"
                      + " repeats elements many times validates slowly; send only what the"
                      + " person's directive needs."));
    }
  }

  private static ConsentRequestException refused(List<RecordingAuthority.Refusal> refusals) {
    boolean forbidden = refusals.stream().anyMatch(r -> r.rule().forbids());
    return new ConsentRequestException(
        forbidden ? ConsentRequestException.Kind.FORBIDDEN : ConsentRequestException.Kind.INVALID,
        refusals.stream().map(RecordingAuthority.Refusal::problem).toList());
  }

  /**
   * A warning for each directive of the new version that another directive of the person, in force
   * and not a version of this one, fully overrides: it will change no decision while that one is in
   * force.
   */
  private List<String> overridden(List<ConsentDirective> directives, String id, String lookupKey) {
    String own = "Consent/" + id + "/";
    List<ConsentDirective> others =
        cache.consentOf(lookupKey).directives().stream()
            .filter(d -> !d.reference().startsWith(own))
            .toList();
    List<String> warnings = new ArrayList<>();
    for (ConsentDirective directive : directives) {
      List<ConsentDirective> by = DirectivePrecedence.overriders(directive, others);
      if (by.isEmpty()) {
        continue;
      }
      boolean permit = directive.kind() == ConsentDirective.Kind.PERMIT;
      warnings.add(
          "Consent.provision: this "
              + (permit ? "permit" : "refusal")
              + (directive.purposes().isEmpty()
                  ? ""
                  : " for "
                      + directive.purposes().stream()
                          .map(p -> p.value())
                          .sorted()
                          .collect(Collectors.joining(", ")))
              + " is fully overridden by "
              + by.stream()
                  .map(
                      d ->
                          d.reference()
                              + " (a "
                              + (d.kind() == ConsentDirective.Kind.PERMIT ? "permit" : "refusal")
                              + (d.dated() == null ? "" : " dated " + d.dated())
                              + ")")
                  .collect(Collectors.joining(", "))
              + ", which is more recent"
              + (permit ? " or of the same day" : "")
              + " and covers everything it covers, so it changes no decision while that"
              + " directive is in force. It was recorded; if the person's wish has changed,"
              + " record it dated after the directive that overrides it, or withdraw that one.");
    }
    return warnings;
  }

  /** Each directive carries the day the person expressed it, for precedence. */
  private static List<ConsentDirective> dated(List<ConsentDirective> directives, LocalDate day) {
    return directives.stream().map(d -> d.dated() == null ? d.withDated(day) : d).toList();
  }

  /** Each directive carries the review date as the instant it becomes overdue (the day after). */
  private static List<ConsentDirective> withReviewDue(
      List<ConsentDirective> directives, @Nullable LocalDate reviewDate) {
    if (reviewDate == null) {
      return directives;
    }
    Instant due = reviewDate.plusDays(1).atStartOfDay(Protocol.PARTNERSHIP_ZONE).toInstant();
    return directives.stream().map(d -> d.withReviewDue(due)).toList();
  }

  /**
   * After an update or withdrawal: recipients who received data relying on an earlier version of
   * this directive, and would not receive it now, are told.
   */
  private void afterNarrowing(
      String id,
      String reference,
      ConsentChangeBody.Change change,
      NhsNumber person,
      SubjectKey subjectKey,
      LookupKey lookupKey,
      long changeIndex,
      String followUpId) {
    String prefix = "Consent/" + id + "/";
    ActiveProtocol active = protocol.get();
    Instant now = clock.instant();
    Map<OdsCode, List<Long>> affected = new LinkedHashMap<>();
    for (long index : outbox.deliveredForSubject(subjectKey.value())) {
      DisclosureBody was =
          LedgerEntry.parse(ledgerEntries.entries(index, index + 1).get(0).bytes())
              .disclosureBody();
      if (was.consents().stream().noneMatch(c -> c.startsWith(prefix))) {
        continue;
      }
      Decision today =
          active.decide(
              new DecisionRequest(
                  was.sender(),
                  was.recipient(),
                  was.purpose(),
                  was.disclosed(),
                  now,
                  new Requester.PartnerSystem(was.sender()),
                  lookupKey.value()));
      if (!today.stillAllowsInFull(was.disclosed())) {
        affected.computeIfAbsent(was.recipient(), r -> new ArrayList<>()).add(index);
      }
    }
    List<NewDelivery> notices = new ArrayList<>();
    List<ConsentWithdrawalNotice> events = new ArrayList<>();
    affected.forEach(
        (recipient, indexes) -> {
          events.add(
              new ConsentWithdrawalNotice(
                  recipient.value(), reference, change.wireName(), indexes));
          if (partners.deliveryFormat(recipient).isPresent()) {
            byte[] message = withdrawalMessage(recipient, reference, change, person, indexes, now);
            notices.add(
                new NewDelivery(
                    changeIndex,
                    ids.get().toString(),
                    recipient.value(),
                    "consent-notice:" + reference + ":" + recipient.value(),
                    "consent-"
                        + change.wireName()
                        + "-"
                        + id
                        + "-v"
                        + reference.substring(reference.lastIndexOf('/') + 1)
                        + ".json",
                    "application/fhir+json",
                    message));
          }
        });
    if (!notices.isEmpty()) {
      transactions.executeWithoutResult(
          status -> {
            outbox.insertAll(notices, now);
            followUps.complete(followUpId);
          });
    }
    events.forEach(publisher::publishEvent);
  }

  /** A FHIR R4 message telling a recipient the consent it received data under has changed. */
  private byte[] withdrawalMessage(
      OdsCode recipient,
      String reference,
      ConsentChangeBody.Change change,
      NhsNumber person,
      List<Long> indexes,
      Instant now) {
    Bundle bundle = new Bundle();
    bundle.setType(Bundle.BundleType.MESSAGE);
    bundle.setId(ids.get().toString());
    bundle.setTimestamp(Date.from(now));
    MessageHeader header = new MessageHeader();
    header.setId(ids.get().toString());
    header.setEvent(
        new Coding(
            BROKER_EVENTS,
            "consent-" + change.wireName(),
            "A consent directive the recipient received data under was " + change.wireName()));
    header.getSource().setName("Concordat").setEndpoint("urn:concordat:" + origin);
    header
        .addDestination()
        .setEndpoint("urn:ods:" + recipient.value())
        .setReceiver(
            new Reference()
                .setIdentifier(
                    new Identifier()
                        .setSystem("https://fhir.nhs.uk/Id/ods-organization-code")
                        .setValue(recipient.value())));
    Patient patient = new Patient();
    patient.setId(ids.get().toString());
    patient.addIdentifier().setSystem(NoticeParser.NHS_NUMBER_SYSTEM).setValue(person.value());
    Parameters details = new Parameters();
    details.setId(ids.get().toString());
    details.addParameter().setName("directive").setValue(new StringType(reference));
    details.addParameter().setName("change").setValue(new CodeType(change.wireName()));
    for (long index : indexes) {
      details
          .addParameter()
          .setName("disclosure-ledger-index")
          .setValue(new IntegerType(Math.toIntExact(index)));
    }
    details
        .addParameter()
        .setName("instruction")
        .setValue(
            new StringType(
                "The person no longer agrees to all of what these disclosures carried; stop"
                    + " using it for what they no longer agree to, under your own records"
                    + " management policy."));
    header.addFocus(new Reference("urn:uuid:" + patient.getIdElement().getIdPart()));
    header.addFocus(new Reference("urn:uuid:" + details.getIdElement().getIdPart()));
    bundle
        .addEntry()
        .setFullUrl("urn:uuid:" + header.getIdElement().getIdPart())
        .setResource(header);
    bundle
        .addEntry()
        .setFullUrl("urn:uuid:" + patient.getIdElement().getIdPart())
        .setResource(patient);
    bundle
        .addEntry()
        .setFullUrl("urn:uuid:" + details.getIdElement().getIdPart())
        .setResource(details);
    return fhir.newJsonParser()
        .setPrettyPrint(true)
        .encodeResourceToString(bundle)
        .getBytes(StandardCharsets.UTF_8);
  }

  /** The current version of a directive, or a named version. */
  public ConsentVersion read(String id, @Nullable Integer version, Viewer viewer) {
    Optional<StoredConsent> found =
        version == null ? consents.current(id) : consents.version(id, version);
    StoredConsent stored =
        found
            .filter(v -> visible(consents.history(id), viewer))
            .orElseThrow(
                () ->
                    new ConsentRequestException(
                        ConsentRequestException.Kind.NOT_FOUND,
                        List.of(
                            "There is no consent directive Consent/"
                                + id
                                + (version == null ? "" : "/_history/" + version)
                                + " that you may see.")));
    return view(stored);
  }

  /** Every version of a directive, newest first. */
  public List<ConsentVersion> history(String id, Viewer viewer) {
    List<StoredConsent> versions = consents.history(id);
    if (!visible(versions, viewer)) {
      throw new ConsentRequestException(
          ConsentRequestException.Kind.NOT_FOUND,
          List.of("There is no consent directive Consent/" + id + " that you may see."));
    }
    return versions.stream().map(this::view).toList();
  }

  /** Search criteria as the FHIR API receives them; null means "any". */
  public record Search(
      @Nullable String nhsNumber,
      @Nullable String status,
      @Nullable String purpose,
      @Nullable String recipient,
      @Nullable Instant recordedFrom,
      @Nullable Instant recordedBefore) {}

  /** The current versions matching {@code search} that {@code viewer} may see. */
  public List<ConsentVersion> search(Search search, Viewer viewer) {
    String lookupKey = null;
    if (search.nhsNumber() != null) {
      try {
        lookupKey = subjects.lookupKey(NhsNumber.parse(search.nhsNumber())).value();
      } catch (InvalidNhsNumberException e) {
        throw new ConsentRequestException(
            ConsentRequestException.Kind.INVALID,
            List.of("patient:identifier: " + e.getMessage() + "."));
      }
    }
    Criteria criteria =
        new Criteria(
            lookupKey,
            search.status(),
            search.purpose(),
            search.recipient(),
            search.recordedFrom(),
            search.recordedBefore(),
            viewer.partner() == null ? null : viewer.partner().value(),
            MAX_RESULTS);
    return consents.search(criteria).stream().map(this::view).toList();
  }

  /** One directive due for review; no personal data beyond the directive's identity. */
  public record ReviewDue(
      String directive,
      LocalDate reviewDate,
      String recordedBy,
      String consentReview,
      long ledgerIndex) {}

  /**
   * Active directives whose review date is on or before {@code on}, oldest first, with what the
   * protocol says happens to them ({@code continue} or {@code lapse}).
   */
  public List<ReviewDue> reviewDue(LocalDate on) {
    String rule = protocol.get().protocol().consentReview().wireName();
    return consents.reviewDue(on, MAX_RESULTS).stream()
        .map(
            s ->
                new ReviewDue(
                    s.reference(),
                    java.util.Objects.requireNonNull(s.reviewDate()),
                    s.recorderOds(),
                    rule,
                    s.ledgerIndex()))
        .toList();
  }

  /** The signed receipt for a stored version, made again from what is stored. */
  public String receipt(String id, int version, Viewer viewer) {
    StoredConsent stored = read(id, version, viewer).stored();
    LedgerEntry entry =
        LedgerEntry.parse(
            ledgerEntries.entries(stored.ledgerIndex(), stored.ledgerIndex() + 1).get(0).bytes());
    ConsentChangeBody body = (ConsentChangeBody) entry.body();
    return new ConsentReceipt(
            origin,
            stored.reference(),
            body.change(),
            stored.resourceSha256(),
            entry.index(),
            entry.time())
        .sign(signer.get());
  }

  private ConsentVersion view(StoredConsent stored) {
    Consent resource =
        fhir.newJsonParser()
            .parseResource(
                Consent.class, new String(stored.resourceJson(), StandardCharsets.UTF_8));
    return new ConsentVersion(resource, stored);
  }

  /** The set of statuses FHIR allows for Consent.status, for validating a search. */
  public static final Set<String> STATUSES =
      Set.of("draft", "proposed", "active", "rejected", "inactive", "entered-in-error");

  /** What one consent change appended, and the version stored with it. */
  private record Appended(LedgerEntry entry, StoredConsent stored, String followUp) {}
}
