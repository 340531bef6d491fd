package org.concordat.broker.disclosure;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Supplier;
import org.concordat.adapters.fhir.InvalidMessageException;
import org.concordat.adapters.fhir.IssueKind;
import org.concordat.adapters.fhir.MessageFormat;
import org.concordat.adapters.fhir.NoticeParser;
import org.concordat.adapters.fhir.NoticeWarning;
import org.concordat.adapters.fhir.ParsedNotice;
import org.concordat.broker.agreement.ActiveProtocol;
import org.concordat.broker.agreement.NarrowingChange;
import org.concordat.broker.agreement.QueuedRedecision;
import org.concordat.broker.delivery.Delivery;
import org.concordat.broker.delivery.DeliveryFormat;
import org.concordat.broker.delivery.OutboxRepository;
import org.concordat.broker.delivery.OutboxRepository.NewDelivery;
import org.concordat.broker.delivery.OutboxRepository.PendingForSubject;
import org.concordat.broker.delivery.PartnerDirectory;
import org.concordat.broker.delivery.TranslationException;
import org.concordat.broker.disclosure.InboundMessageRepository.StatusChange;
import org.concordat.broker.disclosure.ReceiveOutcome.Rejection;
import org.concordat.broker.events.DisclosureRecorded;
import org.concordat.broker.ledger.BatchWrites;
import org.concordat.broker.ledger.LedgerBatch;
import org.concordat.broker.ledger.LedgerSequencer;
import org.concordat.broker.ledger.LedgerUnavailableException;
import org.concordat.broker.subject.SubjectDirectory;
import org.concordat.protocols.canonical.Sha256;
import org.concordat.protocols.decision.Decision;
import org.concordat.protocols.decision.DecisionRequest;
import org.concordat.protocols.decision.Reason;
import org.concordat.protocols.decision.ReasonCode;
import org.concordat.protocols.decision.Requester;
import org.concordat.protocols.ledger.DisclosureBody;
import org.concordat.protocols.ledger.EntryType;
import org.concordat.protocols.ledger.LedgerEntry;
import org.concordat.protocols.ledger.SubjectKey;
import org.concordat.protocols.sharing.CategoryCode;
import org.concordat.protocols.sharing.OdsCode;
import org.concordat.protocols.sharing.Protocol;
import org.concordat.protocols.sharing.Purpose;
import org.concordat.protocols.subject.LookupKey;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The disclosure pipeline for inbound notices, whatever transport brought them: receive (store
 * before acknowledging), understand, decide, minimise and translate, then record the ledger entry
 * and the outbox row in one transaction. Delivery is the outbox relay's job.
 *
 * <p>Minimising and translating are the costly steps, and the ledger's writer is a single thread,
 * so they are done before the ledger batch for the categories the decision is expected to permit;
 * inside the batch the decision is made again (it is a few look-ups) and, if it permits exactly
 * those categories, only the ledger index is added. If it permits others (a consent changed in
 * between, say), the notice is minimised and translated again there.
 */
class DisclosurePipeline implements QueuedRedecision {
  private static final Logger log = LoggerFactory.getLogger(DisclosurePipeline.class);

  private final InboundMessageRepository inbound;
  private final OutboxRepository outbox;
  private final LedgerSequencer ledger;
  private final NoticeParser parser;
  private final Supplier<ActiveProtocol> protocol;
  private final PartnerDirectory partners;
  private final Minimisers minimisers;
  private final SubjectDirectory subjects;
  private final TransactionTemplate transactions;
  private final Clock clock;
  private final Supplier<UUID> ids;
  private final BatchWrites<NewDelivery> outboxRows;
  private final BatchWrites<StatusChange> inboundStatuses;

  public DisclosurePipeline(
      InboundMessageRepository inbound,
      OutboxRepository outbox,
      LedgerSequencer ledger,
      NoticeParser parser,
      Supplier<ActiveProtocol> protocol,
      PartnerDirectory partners,
      Minimisers minimisers,
      SubjectDirectory subjects,
      TransactionTemplate transactions,
      Clock clock,
      Supplier<UUID> ids) {
    this.inbound = inbound;
    this.outbox = outbox;
    this.ledger = ledger;
    this.parser = parser;
    this.protocol = protocol;
    this.partners = partners;
    this.minimisers = minimisers;
    this.subjects = subjects;
    this.transactions = transactions;
    this.clock = clock;
    this.outboxRows = rows -> outbox.insertAll(rows, clock.instant());
    this.inboundStatuses = inbound::markAll;
    this.ids = ids;
  }

  /** Runs one message through the pipeline; the answer says what became of it. */
  public ReceiveOutcome receive(InboundMessage message) {
    String messageId = ids.get().toString();
    transactions.executeWithoutResult(
        status ->
            inbound.insert(
                messageId,
                message.receivedAt(),
                message.sender().value(),
                message.transport().name(),
                message.sourceName(),
                message.contentType(),
                message.payload()));

    ActiveProtocol active = protocol.get();
    Understood understood;
    try {
      understood = understand(message, active.protocol());
    } catch (RejectedException rejected) {
      return reject(
          messageId,
          message,
          rejected.kind,
          Objects.requireNonNullElse(rejected.getMessage(), "The message was rejected."));
    }

    // A repeat is answered with the original's decisions and discloses nothing.
    Optional<ReceiveOutcome> repeat = answerRepeat(messageId, understood);
    if (repeat.isPresent()) {
      return repeat.get();
    }

    // The subject key (and, on a first disclosure, the person's salt) is settled before the
    // group commit, so the sequencer's thread does no look-ups of its own.
    SubjectKey subject = subjects.subjectKey(understood.notice().nhsNumber());
    LookupKey lookup = subjects.lookupKey(understood.notice().nhsNumber());
    Map<OdsCode, Translated> ahead;
    try {
      ahead = translateAhead(understood, active, lookup);
    } catch (TranslationException untranslatable) {
      // The screen's limits keep notices within what translations accept; should a mapping still
      // refuse one, it is rejected with the mapping's reasons (field names, never values).
      return reject(
          messageId,
          message,
          Rejection.UNTRANSLATABLE,
          Objects.requireNonNullElse(
              untranslatable.getMessage(), "The notice could not be translated."));
    }
    List<RecipientDecision> decisions;
    try {
      decisions =
          ledger.record(
              batch ->
                  decideAndRecord(
                      batch,
                      messageId,
                      new Subject(subject, lookup),
                      understood,
                      understood.notice().receivers(),
                      active,
                      ahead,
                      ""));
    } catch (DuplicateKeyException concurrent) {
      // The same message, sent again before the first was recorded, lost the race for its key:
      // once the winner is committed (this node's sequencer has run it, or another node's
      // transaction held the key until it committed) it is answered as any repeat.
      ledger.awaitCommitted();
      return answerRepeat(messageId, understood)
          .orElseThrow(
              () ->
                  new LedgerUnavailableException(
                      "The message's key was taken but its original was not found", concurrent));
    }
    boolean anyPermitted =
        decisions.stream().anyMatch(d -> d.decision() instanceof Decision.Permit);
    return anyPermitted
        ? new ReceiveOutcome.Accepted(messageId, decisions, understood.notice().warnings())
        : new ReceiveOutcome.Denied(messageId, decisions, understood.notice().warnings());
  }

  private ReceiveOutcome.Rejected reject(
      String messageId, InboundMessage message, Rejection kind, String reason) {
    transactions.executeWithoutResult(
        status ->
            inbound.markStatus(
                messageId,
                InboundMessageRepository.REJECTED,
                kind + ": " + reason,
                clock.instant()));
    log.info("Message {} from {} rejected: {}", messageId, message.sender(), kind);
    return new ReceiveOutcome.Rejected(messageId, kind, reason);
  }

  /**
   * If the sender already sent a message under this one's id and it was decided, the answer to the
   * repeat: the original decisions (same outcome, same ledger indexes) when the body is the same,
   * and a refusal when it is not. Either way the repeat is recorded against the original and
   * nothing is disclosed again.
   */
  private Optional<ReceiveOutcome> answerRepeat(String messageId, Understood understood) {
    InboundMessage message = understood.message();
    Optional<InboundMessageRepository.Claimed> original =
        inbound.claimed(message.sender().value(), understood.key());
    if (original.isEmpty()) {
      return Optional.empty();
    }
    String originalId = original.get().id();
    if (!original.get().payloadSha256().equals(understood.payloadSha256())) {
      String reason =
          "The message id "
              + understood.notice().messageId()
              + " was already used by "
              + message.sender()
              + " for a different message (Concordat message "
              + originalId
              + "); a repeat must be identical to the original, and a new message needs a new id";
      transactions.executeWithoutResult(
          status ->
              inbound.markRepeat(
                  messageId,
                  originalId,
                  InboundMessageRepository.REJECTED,
                  Rejection.DUPLICATE_MESSAGE_ID + ": " + reason,
                  clock.instant()));
      log.info(
          "Message {} from {} rejected: {} (the id of message {})",
          messageId,
          message.sender(),
          Rejection.DUPLICATE_MESSAGE_ID,
          originalId);
      return Optional.of(
          new ReceiveOutcome.Rejected(messageId, Rejection.DUPLICATE_MESSAGE_ID, reason));
    }
    List<RecipientDecision> decisions = new ArrayList<>();
    Set<OdsCode> answered = new HashSet<>();
    for (InboundMessageRepository.DecisionEntry recorded : inbound.decisionEntries(originalId)) {
      DisclosureBody body = LedgerEntry.parse(recorded.entryBytes()).disclosureBody();
      // The first entry per recipient is the original decision; later ones were made again
      // after a consent change and were not the answer.
      if (answered.add(body.recipient())) {
        decisions.add(RecipientDecision.recorded(body, recorded.index()));
      }
    }
    transactions.executeWithoutResult(
        status ->
            inbound.markRepeat(
                messageId,
                originalId,
                InboundMessageRepository.REPEATED,
                "A repeat of message " + originalId + ", answered with its decisions",
                clock.instant()));
    log.info(
        "Message {} from {} is a repeat of message {}: answered with its decisions, nothing"
            + " disclosed again",
        messageId,
        message.sender(),
        originalId);
    List<NoticeWarning> warnings = understood.notice().warnings();
    boolean anyPermitted =
        decisions.stream().anyMatch(d -> d.decision() instanceof Decision.Permit);
    return Optional.of(
        anyPermitted
            ? new ReceiveOutcome.Accepted(originalId, decisions, warnings)
            : new ReceiveOutcome.Denied(originalId, decisions, warnings));
  }

  private Understood understand(InboundMessage message, Protocol protocol)
      throws RejectedException {
    ParsedNotice notice;
    try {
      MessageFormat format = MessageFormat.detect(message.contentType(), message.payload());
      notice = parser.parse(message.payload(), format);
    } catch (InvalidMessageException e) {
      throw new RejectedException(
          rejection(e.kind()),
          Objects.requireNonNullElse(e.getMessage(), "The message is not valid."));
    }
    OdsCode sender = notice.sender();
    if (!sender.equals(message.sender())) {
      if (partners.account(sender).isPresent() || protocol.party(sender).isPresent()) {
        throw new RejectedException(
            Rejection.SENDER_MISMATCH,
            "You are authenticated as "
                + message.sender()
                + " but the MessageHeader names "
                + sender
                + " as the sender; a partner may only send its own messages");
      }
      throw new RejectedException(
          Rejection.UNKNOWN_SENDER,
          "The MessageHeader names "
              + sender
              + " as the sender, which is not a partner of this broker");
    }
    if (protocol.party(sender).isEmpty()) {
      throw new RejectedException(
          Rejection.UNKNOWN_SENDER,
          sender
              + " is not a party to protocol "
              + protocol.ref().id()
              + " "
              + protocol.ref().version());
    }
    Optional<Purpose> purpose = protocol.purposeForMessageEvent(notice.eventCode());
    if (purpose.isEmpty()) {
      throw new RejectedException(
          Rejection.UNKNOWN_EVENT,
          "The message event "
              + notice.eventSystem()
              + "|"
              + notice.eventCode()
              + " is not one that protocol "
              + protocol.ref().id()
              + " assigns to a purpose");
    }
    for (OdsCode recipient : notice.receivers()) {
      if (partners.account(recipient).isPresent() && partners.deliveryFormat(recipient).isEmpty()) {
        throw new RejectedException(
            Rejection.NO_DELIVERY_ROUTE,
            "This broker has no delivery format configured for "
                + recipient
                + ", so it cannot deliver to it");
      }
    }
    return new Understood(message, notice, purpose.get());
  }

  /**
   * Minimises and translates the notice for each recipient the protocol is expected to permit,
   * outside the ledger batch: everything but the ledger index.
   */
  private Map<OdsCode, Translated> translateAhead(
      Understood understood, ActiveProtocol active, LookupKey lookupKey) {
    Map<OdsCode, Translated> ahead = new HashMap<>();
    for (OdsCode recipient : understood.notice().receivers()) {
      Optional<DeliveryFormat> format = partners.deliveryFormat(recipient);
      if (format.isPresent()
          && active.decide(request(understood, recipient, format.get().categories(), lookupKey))
              instanceof Decision.Permit permit) {
        ahead.put(
            recipient,
            new Translated(
                permit.permitted(),
                translate(
                    understood.notice(), recipient, format.get(), active, permit.permitted())));
      }
    }
    return ahead;
  }

  /**
   * Steps 4 and 5: removes every category not permitted and every other receiver (a recipient sees
   * only itself among the message's receivers), then translates what is left.
   */
  private DeliveryFormat.Translation translate(
      ParsedNotice notice,
      OdsCode recipient,
      DeliveryFormat format,
      ActiveProtocol active,
      Set<CategoryCode> permitted) {
    return format.translate(
        NoticeParser.addressedOnlyTo(
            minimisers.minimise(active.protocol(), notice.bundle(), permitted), recipient));
  }

  private DecisionRequest request(
      Understood understood, OdsCode recipient, Set<CategoryCode> requested, LookupKey lookupKey) {
    ParsedNotice notice = understood.notice();
    return new DecisionRequest(
        notice.sender(),
        recipient,
        understood.purpose().code(),
        requested,
        clock.instant(),
        new Requester.PartnerSystem(notice.sender()),
        lookupKey.value());
  }

  private List<RecipientDecision> decideAndRecord(
      LedgerBatch batch,
      String messageId,
      Subject person,
      Understood understood,
      List<OdsCode> recipients,
      ActiveProtocol active,
      Map<OdsCode, Translated> ahead,
      String keySuffix) {
    ParsedNotice notice = understood.notice();
    SubjectKey subject = person.subjectKey();
    List<RecipientDecision> decisions = new ArrayList<>();
    for (OdsCode recipient : recipients) {
      Optional<DeliveryFormat> format = partners.deliveryFormat(recipient);
      Set<CategoryCode> requested = format.map(DeliveryFormat::categories).orElse(Set.of());
      DecisionRequest request = request(understood, recipient, requested, person.lookupKey());
      Decision decision = active.decide(request);
      LedgerEntry entry;
      if (decision instanceof Decision.Permit permit && format.isPresent()) {
        Translated ready = ahead.get(recipient);
        DeliveryFormat.Translation translation =
            ready != null && ready.permitted().equals(permit.permitted())
                ? ready.translation()
                : translate(notice, recipient, format.get(), active, permit.permitted());
        // The delivered record cites the index of the entry that authorises it: the next one.
        Delivery translated = translation.deliver(batch.nextIndex());
        entry =
            batch.append(
                EntryType.DISCLOSURE,
                index ->
                    DisclosureBody.of(
                        messageId, subject, request, decision, Sha256.hexOf(translated.payload())));
        batch.add(
            outboxRows,
            new NewDelivery(
                entry.index(),
                messageId,
                recipient.value(),
                messageId + ":" + recipient.value() + keySuffix,
                translated.fileName(),
                translated.contentType(),
                translated.payload()));
      } else {
        entry =
            batch.append(
                EntryType.DENIAL,
                index -> DisclosureBody.of(messageId, subject, request, decision, null));
      }
      decisions.add(new RecipientDecision(recipient, decision, entry.index()));
      batch.publishAfterCommit(
          new DisclosureRecorded(
              entry.index(),
              messageId,
              entry.type().wireName(),
              notice.sender().value(),
              recipient.value(),
              understood.purpose().code().value(),
              decision.outcome()));
    }
    if (keySuffix.isEmpty()) {
      batch.add(
          inboundStatuses,
          new StatusChange(messageId, InboundMessageRepository.DECIDED, null, clock.instant()));
      // In the same transaction as the entries: the key is taken exactly when the message is
      // decided, so a message that could not be recorded can be sent again, and of two identical
      // messages only one is ever recorded (the other fails alone on the unique key).
      String key = understood.key();
      String hash = understood.payloadSha256();
      batch.insert(id -> inbound.claimKey(id, key, hash), messageId);
    }
    return decisions;
  }

  /**
   * Decides again every disclosure about one person that is still waiting in the outbox, after
   * their consent changed: {@link #redecide(NarrowingChange)} for that person.
   *
   * @return how many queued deliveries were cancelled
   */
  public int redecidePending(SubjectKey subjectKey, LookupKey lookupKey) {
    return redecide(NarrowingChange.person(subjectKey, lookupKey, "The person's consent changed"));
  }

  /**
   * Decides again every disclosure in the change's scope that is still waiting in the outbox, under
   * the protocol, standings and consent now in force. A delivery the new decision still allows in
   * full is left alone; any other is cancelled (while still pending: a delivery already being
   * attempted is not stopped) with a {@code delivery-cancelled} entry, and, if the new decision
   * permits part of it, the message is translated again with only what is now permitted and queued
   * under a new entry. If the stored message cannot be understood again, nothing more is sent, and
   * the {@code delivery-cancelled} entry says so.
   *
   * @return how many queued deliveries were cancelled
   */
  @Override
  public int redecide(NarrowingChange change) {
    List<PendingForSubject> queued;
    if (change.scope() instanceof NarrowingChange.Person person) {
      queued = outbox.pendingDisclosures(person.subjectKey().value(), null);
    } else if (change.scope() instanceof NarrowingChange.Party party) {
      queued = outbox.pendingDisclosures(null, party.party().value());
    } else {
      queued = outbox.pendingDisclosures(null, null);
    }
    int cancelled = 0;
    for (PendingForSubject pending : queued) {
      if (redecideOne(pending, change)) {
        cancelled++;
      }
    }
    return cancelled;
  }

  private boolean redecideOne(PendingForSubject pending, NarrowingChange change) {
    DisclosureBody was = LedgerEntry.parse(pending.entryBytes()).disclosureBody();
    ActiveProtocol active = protocol.get();
    Optional<InboundMessage> message = storedMessage(pending.messageId());
    // Under a protocol not in force everything is denied: no need to read the person again.
    LookupKey lookupKey =
        change.scope() instanceof NarrowingChange.Person person
            ? person.lookupKey()
            : active.status().isActive() ? message.flatMap(this::lookupKeyOf).orElse(null) : null;
    Decision now;
    if (!active.status().isActive()) {
      now = active.notInForce();
    } else if (lookupKey == null) {
      // Without the person the decision cannot be taken again: deny by default.
      now =
          new Decision.Deny(
              active.protocol().ref(),
              List.of(
                  new Reason(
                      ReasonCode.MESSAGE_UNREADABLE,
                      "The stored message could not be read again, so the person's consent"
                          + " cannot be checked.")));
    } else {
      now =
          active.decide(
              new DecisionRequest(
                  was.sender(),
                  was.recipient(),
                  was.purpose(),
                  was.disclosed(),
                  clock.instant(),
                  new Requester.PartnerSystem(was.sender()),
                  lookupKey.value()));
    }
    if (now.stillAllowsInFull(was.disclosed())) {
      return false;
    }
    Understood again = null;
    Rejection unreadable = null;
    if (now instanceof Decision.Permit && lookupKey != null) {
      try {
        again =
            understand(
                message.orElseThrow(
                    () -> new RejectedException(Rejection.MALFORMED, "The message is gone")),
                active.protocol());
      } catch (RejectedException e) {
        // Never silently: the cancellation says nothing more is sent, and why.
        unreadable = e.kind;
        log.warn(
            "Queued delivery of ledger entry {} is permitted only in part after a change, but"
                + " message {} could not be understood again ({}); nothing more is sent",
            pending.ledgerIndex(),
            pending.messageId(),
            e.kind);
      }
    }
    Understood requeue = again;
    Rejection notRequeued = unreadable;
    LookupKey person = lookupKey;
    boolean done =
        ledger.record(
            batch -> {
              if (!outbox.cancel(pending.id(), "Decided again: " + now.outcome())) {
                return false;
              }
              batch.append(
                  EntryType.DELIVERY_CANCELLED,
                  index ->
                      was.withReasons(
                          stopped(change, now, notRequeued, pending.ledgerIndex()),
                          now.consentReferences()));
              if (requeue != null && person != null) {
                decideAndRecord(
                    batch,
                    pending.messageId(),
                    new Subject(was.subject(), person),
                    requeue,
                    List.of(was.recipient()),
                    active,
                    Map.of(),
                    ":redecided-" + batch.nextIndex());
              }
              return true;
            });
    if (done) {
      log.info(
          "Queued delivery of ledger entry {} to {} cancelled: decided again because {}",
          pending.ledgerIndex(),
          pending.recipientOds(),
          lowerFirst(change.cause()));
    }
    return done;
  }

  /** Why a queued delivery stops: what happened, then the new decision's own reasons. */
  private static List<Reason> stopped(
      NarrowingChange change, Decision now, @Nullable Rejection notRequeued, long ledgerIndex) {
    String outcome;
    if (!(now instanceof Decision.Permit)) {
      outcome = "denied";
    } else if (notRequeued == null) {
      outcome = "permitted only in part, so what is still permitted is sent under a new entry";
    } else {
      outcome =
          "permitted only in part, but the stored message could not be understood again ("
              + notRequeued.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-')
              + "), so nothing is sent";
    }
    List<Reason> reasons = new ArrayList<>();
    reasons.add(
        new Reason(
            ReasonCode.DELIVERY_CANCELLED,
            change.cause()
                + " while this delivery was queued; decided again it is "
                + outcome
                + ", and the disclosure recorded at ledger index "
                + ledgerIndex
                + " did not happen."));
    reasons.addAll(now.reasons());
    return reasons;
  }

  private static String lowerFirst(String text) {
    return text.isEmpty() ? text : Character.toLowerCase(text.charAt(0)) + text.substring(1);
  }

  /** The stored inbound message, as it was received. */
  private Optional<InboundMessage> storedMessage(String messageId) {
    return inbound
        .find(messageId)
        .map(
            stored ->
                new InboundMessage(
                    new OdsCode(stored.senderOds()),
                    InboundMessage.Transport.valueOf(stored.transport()),
                    stored.sourceName(),
                    stored.contentType(),
                    stored.payload(),
                    stored.receivedAt()));
  }

  /** The lookup key of the person a stored message is about, if it can be parsed again. */
  private Optional<LookupKey> lookupKeyOf(InboundMessage message) {
    try {
      MessageFormat format = MessageFormat.detect(message.contentType(), message.payload());
      return Optional.of(subjects.lookupKey(parser.parse(message.payload(), format).nhsNumber()));
    } catch (InvalidMessageException e) {
      return Optional.empty();
    }
  }

  private static Rejection rejection(IssueKind kind) {
    return switch (kind) {
      case TOO_LARGE -> Rejection.TOO_LARGE;
      case UNSUPPORTED_MEDIA_TYPE -> Rejection.UNSUPPORTED_MEDIA_TYPE;
      case MALFORMED -> Rejection.MALFORMED;
      case FORBIDDEN_XML_CONSTRUCT -> Rejection.FORBIDDEN_XML_CONSTRUCT;
      case NOT_A_MESSAGE -> Rejection.NOT_A_MESSAGE;
      case MISSING_ELEMENT -> Rejection.MISSING_ELEMENT;
      case INVALID_ODS_CODE -> Rejection.INVALID_ODS_CODE;
      case INVALID_NHS_NUMBER -> Rejection.INVALID_NHS_NUMBER;
      case AMBIGUOUS_SUBJECT -> Rejection.AMBIGUOUS_SUBJECT;
      case DUPLICATE_KEY -> Rejection.DUPLICATE_KEY;
      case LIMIT_EXCEEDED -> Rejection.LIMIT_EXCEEDED;
      case INVALID_TEXT -> Rejection.INVALID_TEXT;
    };
  }

  private record Subject(SubjectKey subjectKey, LookupKey lookupKey) {}

  /**
   * A message understood: the notice and its purpose, and the key the sender's message is known by
   * (its own id: {@code MessageHeader.id}, which for HL7 v2 is derived from MSH-4 and MSH-10), with
   * the hash of the body that tells a repeat from a reuse of the id.
   */
  private record Understood(InboundMessage message, ParsedNotice notice, Purpose purpose) {
    String key() {
      String id = notice.messageId();
      return id.length() <= MAX_KEY
          ? id
          : "sha256:" + Sha256.hexOf(id.getBytes(StandardCharsets.UTF_8));
    }

    String payloadSha256() {
      return Sha256.hexOf(message.payload());
    }
  }

  private static final int MAX_KEY = 300;

  /**
   * A notice minimised and translated for a recipient, for the categories it was expected to get.
   */
  private record Translated(Set<CategoryCode> permitted, DeliveryFormat.Translation translation) {}

  /** Internal signal that a message cannot be processed; becomes a {@code Rejected} outcome. */
  private static final class RejectedException extends Exception {
    private static final long serialVersionUID = 1L;
    private final Rejection kind;

    RejectedException(Rejection kind, String message) {
      super(message);
      this.kind = kind;
    }
  }
}
