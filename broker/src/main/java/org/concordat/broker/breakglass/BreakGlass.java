package org.concordat.broker.breakglass;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.concordat.broker.agreement.ActiveProtocol;
import org.concordat.broker.agreement.NarrowingChange;
import org.concordat.broker.agreement.QueuedRedecision;
import org.concordat.broker.breakglass.BreakGlassRepository.Grant;
import org.concordat.broker.consent.ConsentCache;
import org.concordat.broker.ledger.FollowUp;
import org.concordat.broker.ledger.FollowUpHandler;
import org.concordat.broker.ledger.FollowUps;
import org.concordat.broker.ledger.LedgerBatch;
import org.concordat.broker.ledger.LedgerRepository;
import org.concordat.broker.ledger.LedgerSequencer;
import org.concordat.broker.subject.SubjectDirectory;
import org.concordat.protocols.consent.BreakGlassEligibility;
import org.concordat.protocols.consent.BreakGlassReasonPolicy;
import org.concordat.protocols.ledger.Actor;
import org.concordat.protocols.ledger.BreakGlassGrantBody;
import org.concordat.protocols.ledger.BreakGlassReviewBody;
import org.concordat.protocols.ledger.BreakGlassRevocationBody;
import org.concordat.protocols.ledger.EntryType;
import org.concordat.protocols.ledger.LedgerEntry;
import org.concordat.protocols.ledger.ReasonDigest;
import org.concordat.protocols.ledger.SubjectKey;
import org.concordat.protocols.sharing.OdsCode;
import org.concordat.protocols.sharing.Protocol;
import org.concordat.protocols.sharing.PurposeCode;
import org.concordat.protocols.subject.InvalidNhsNumberException;
import org.concordat.protocols.subject.LookupKey;
import org.concordat.protocols.subject.NhsNumber;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;

/**
 * Break-glass: a named clinician or safeguarding practitioner overrides a person's refusal in an
 * emergency, for one person, one purpose and one recipient, for a limited time, with a written
 * reason. Every grant is a {@code break-glass-grant} ledger entry and an alert; every grant is
 * reviewed by IG ({@code break-glass-review} entry).
 *
 * <p>A grant only lets through what the protocol already allows from the person's organisation to
 * the recipient for the purpose: it overrides the person's consent, never the protocol, and never
 * the national data opt-out (so secondary-use purposes cannot be granted).
 */
public final class BreakGlass implements FollowUpHandler {
  private static final Logger log = LoggerFactory.getLogger(BreakGlass.class);

  /**
   * The logical topic of break-glass events ({@link BreakGlassAlert}, {@link BreakGlassReviewed},
   * {@link BreakGlassRevoked}).
   */
  public static final String ALERT_TOPIC = "break-glass-alerts";

  /** How decisions and ledger entries cite a grant: {@code BreakGlass/<id>}. */
  public static final String REFERENCE_PREFIX = "BreakGlass/";

  /** The shortest written reason, in characters, after trimming. */
  public static final int MIN_REASON = 20;

  /** The shortest review comment, in characters, after trimming. */
  public static final int MIN_COMMENT = 10;

  /** The longest reason or comment the broker keeps. */
  static final int MAX_TEXT = 2000;

  private static final int MAX_LISTED = 500;

  private final BreakGlassRepository grants;
  private final LedgerSequencer ledger;
  private final LedgerRepository ledgerEntries;
  private final SubjectDirectory subjects;
  private final Supplier<ActiveProtocol> protocol;
  private final ConsentCache cache;
  private final QueuedRedecision redecision;
  private final Duration maxDuration;
  private final Clock clock;
  private final Supplier<UUID> ids;
  private final FollowUps followUps;
  private final ApplicationEventPublisher events;
  // Reviews being recorded on this node: a second review of the same grant is refused at once
  // rather than failing the ledger batch both land in.
  private final Set<String> reviewing = ConcurrentHashMap.newKeySet();

  public BreakGlass(
      BreakGlassRepository grants,
      LedgerSequencer ledger,
      LedgerRepository ledgerEntries,
      SubjectDirectory subjects,
      Supplier<ActiveProtocol> protocol,
      ConsentCache cache,
      QueuedRedecision redecision,
      Duration maxDuration,
      Clock clock,
      Supplier<UUID> ids,
      FollowUps followUps,
      ApplicationEventPublisher events) {
    if (maxDuration.isNegative() || maxDuration.isZero()) {
      throw new IllegalArgumentException("The longest break-glass grant is a positive duration");
    }
    this.grants = grants;
    this.ledger = ledger;
    this.ledgerEntries = ledgerEntries;
    this.subjects = subjects;
    this.protocol = protocol;
    this.cache = cache;
    this.redecision = redecision;
    this.maxDuration = maxDuration;
    this.clock = clock;
    this.ids = ids;
    this.followUps = followUps;
    this.events = events;
  }

  /**
   * Who breaks glass.
   *
   * @param username the person's account name, recorded as the actor
   * @param role the role they act in, e.g. {@code clinician} or {@code safeguarding}
   * @param organisation the ODS code of the partner they work for; null if their account names none
   *     (they may then not break glass)
   */
  public record Person(String username, String role, @Nullable OdsCode organisation) {}

  /**
   * What is asked for; every field is checked, and every problem reported at once.
   *
   * @param nhsNumber the person whose refusal is overridden
   * @param recipient the ODS code of the organisation the disclosures go to
   * @param reason why, in words a reviewer can judge
   * @param duration how long the grant lasts from now
   */
  public record GrantRequest(
      @Nullable String nhsNumber,
      @Nullable String purpose,
      @Nullable String recipient,
      @Nullable String reason,
      @Nullable Duration duration) {}

  /** A recorded grant: cite {@code reference}; it lapses at {@code expiresAt}. */
  public record Granted(
      String id, String reference, Instant grantedAt, Instant expiresAt, long ledgerIndex) {}

  /**
   * A review as asked for.
   *
   * @param reviewer the IG lead's username
   * @param outcome {@code appropriate} or {@code inappropriate}
   * @param comment the finding in words, at least {@value #MIN_COMMENT} characters
   */
  public record Review(String reviewer, @Nullable String outcome, @Nullable String comment) {}

  /** Which grants the review queue lists. */
  public enum Status {
    /** Not yet reviewed, oldest first. */
    OPEN,
    /** Reviewed, most recently reviewed first. */
    REVIEWED
  }

  /**
   * A grant as the IG lead reviews it: who, for what, why, and what it let through.
   *
   * @param organisation the ODS code whose disclosures the grant lets through
   * @param reason the written reason, in full
   * @param expired whether the grant had lapsed when this view was made
   * @param ledgerIndex the index of the grant's {@code break-glass-grant} entry
   * @param disclosures the indexes of the {@code disclosure} entries that cite the grant
   * @param revokedAt when the grant was revoked (by a person, or by an inappropriate review), if it
   *     was; it let nothing through after
   */
  public record GrantView(
      String id,
      String reference,
      String actor,
      String role,
      String organisation,
      String recipient,
      String purpose,
      String reason,
      Instant grantedAt,
      Instant expiresAt,
      boolean expired,
      long ledgerIndex,
      List<Long> disclosures,
      @Nullable String reviewOutcome,
      @Nullable String reviewComment,
      @Nullable String reviewer,
      @Nullable Instant reviewedAt,
      @Nullable Long reviewLedgerIndex,
      @Nullable Instant revokedAt,
      @Nullable String revokedBy,
      @Nullable String revocationReason,
      @Nullable Long revocationLedgerIndex) {}

  /**
   * Records a grant: a {@code break-glass-grant} ledger entry and its row in one transaction, then
   * an alert; the next decision on this node sees the grant.
   *
   * @throws BreakGlassException if the person may not break glass or the request breaks a rule
   * @throws LedgerUnavailableException if the ledger could not record it; nothing was granted
   */
  public Granted grant(Person person, GrantRequest request) {
    OdsCode organisation = person.organisation();
    if (organisation == null) {
      throw new BreakGlassException(
          BreakGlassException.Kind.FORBIDDEN,
          List.of(
              "Your account names no organisation. A break-glass grant lets your own"
                  + " organisation's disclosures through, so an account that may break glass"
                  + " needs one."));
    }
    ActiveProtocol active = protocol.get();
    if (!active.status().isActive()) {
      throw new BreakGlassException(
          BreakGlassException.Kind.INVALID,
          List.of(
              "No protocol is in force ("
                  + active.notInForce().reasons().get(0).text().strip()
                  + "), so every disclosure is denied whatever a grant says. Break-glass overrides"
                  + " a person's consent, never the protocol: a grant now could never take"
                  + " effect."));
    }
    Protocol rules = active.protocol();
    List<String> problems = new ArrayList<>();
    NhsNumber nhsNumber = nhsNumber(request.nhsNumber(), problems);
    PurposeCode purpose = purpose(rules, request.purpose(), problems);
    OdsCode recipient = recipient(rules, request.recipient(), problems);
    String reason = reason(request.reason(), problems);
    Duration duration = duration(request.duration(), problems);
    if (purpose != null && recipient != null) {
      BreakGlassEligibility.flow(rules, organisation, recipient, purpose)
          .ifPresent(refusal -> problems.add(refusal.sentence()));
    }
    if (!problems.isEmpty()
        || nhsNumber == null
        || purpose == null
        || recipient == null
        || reason == null
        || duration == null) {
      throw new BreakGlassException(BreakGlassException.Kind.INVALID, problems);
    }
    String id = ids.get().toString();
    SubjectKey subjectKey = subjects.subjectKey(nhsNumber);
    LookupKey lookupKey = subjects.lookupKey(nhsNumber);
    Actor actor = new Actor(person.username(), person.role());
    ReasonDigest digest = ReasonDigest.of(reason);
    GrantRecorded recorded =
        ledger.record(
            batch -> {
              Instant grantedAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
              Instant expiresAt = grantedAt.plus(duration).truncatedTo(ChronoUnit.MILLIS);
              LedgerEntry entry =
                  batch.append(
                      EntryType.BREAK_GLASS_GRANT,
                      index ->
                          new BreakGlassGrantBody(
                              id,
                              actor,
                              subjectKey,
                              organisation,
                              purpose,
                              recipient,
                              digest,
                              expiresAt));
              Grant grant =
                  new Grant(
                      id,
                      lookupKey,
                      subjectKey,
                      organisation.value(),
                      recipient.value(),
                      purpose.value(),
                      person.username(),
                      person.role(),
                      reason,
                      grantedAt,
                      expiresAt,
                      entry.index(),
                      null,
                      null,
                      null,
                      null,
                      null,
                      null,
                      null,
                      null,
                      null);
              batch.insert(grants::insert, grant);
              // The alert is recorded with the grant, so a crash cannot lose it.
              String alert = followUps.add(batch, new FollowUp(ALERT, Map.of("grantId", id)));
              return new GrantRecorded(grant, alert);
            });
    Grant stored = recorded.grant();
    // The next decision on this node must see the grant before the caller hears it was granted.
    cache.refresh(lookupKey.value());
    followUps.runNow(recorded.alert());
    log.warn(
        "Break-glass {} by {} ({}) for {} -> {} ({}) until {} (ledger entry {})",
        stored.reference(),
        person.username(),
        person.role(),
        organisation,
        recipient,
        purpose,
        stored.expiresAt(),
        stored.ledgerIndex());
    return new Granted(
        id, stored.reference(), stored.grantedAt(), stored.expiresAt(), stored.ledgerIndex());
  }

  /**
   * Records the review of a grant: a {@code break-glass-review} ledger entry and the review on the
   * grant's row in one transaction, then an event.
   *
   * @throws BreakGlassException if there is no such grant, it was already reviewed, the reviewer
   *     broke the glass themselves, or the outcome or comment is not acceptable
   */
  public GrantView review(String grantId, Review review) {
    Grant grant = grants.find(grantId).orElseThrow(() -> notFound(grantId));
    if (grant.reviewOutcome() != null) {
      throw alreadyReviewed(grant);
    }
    Optional<BreakGlassEligibility.Refusal> ownGrant =
        BreakGlassEligibility.review(grant.reference(), grant.actor(), review.reviewer());
    if (ownGrant.isPresent()) {
      throw new BreakGlassException(
          BreakGlassException.Kind.FORBIDDEN, List.of(ownGrant.get().sentence()));
    }
    List<String> problems = new ArrayList<>();
    BreakGlassReviewBody.Outcome outcome = outcome(review.outcome(), problems);
    String comment = comment(review.comment(), problems);
    if (!problems.isEmpty() || outcome == null || comment == null) {
      throw new BreakGlassException(BreakGlassException.Kind.INVALID, problems);
    }
    if (!reviewing.add(grantId)) {
      throw new BreakGlassException(
          BreakGlassException.Kind.CONFLICT,
          List.of("A review of " + grant.reference() + " is being recorded already."));
    }
    boolean revoked;
    try {
      Actor actor = new Actor(review.reviewer(), "ig");
      ReasonDigest digest = ReasonDigest.of(comment);
      Recorded recorded =
          ledger.record(
              batch -> {
                // Read in the ledger's transaction: a review committed since the check above
                // fails this item alone.
                Grant now = grants.find(grantId).orElseThrow(() -> notFound(grantId));
                if (now.reviewOutcome() != null) {
                  throw alreadyReviewed(grant);
                }
                Instant reviewedAt = clock.instant().truncatedTo(ChronoUnit.MILLIS);
                LedgerEntry entry =
                    batch.append(
                        EntryType.BREAK_GLASS_REVIEW,
                        i ->
                            new BreakGlassReviewBody(
                                grantId,
                                actor,
                                grant.subjectKey(),
                                new PurposeCode(grant.purpose()),
                                new OdsCode(grant.recipientOds()),
                                digest,
                                outcome));
                batch.insert(
                    reviewIndex -> {
                      if (!grants.review(
                          grantId,
                          outcome.wireName(),
                          comment,
                          review.reviewer(),
                          reviewedAt,
                          reviewIndex)) {
                        throw new IllegalStateException(
                            grant.reference() + " was reviewed by another writer meanwhile");
                      }
                    },
                    entry.index());
                batch.publishAfterCommit(
                    new BreakGlassReviewed(
                        grantId,
                        outcome.wireName(),
                        review.reviewer(),
                        entry.index(),
                        grant.ledgerIndex()));
                // Use found inappropriate: what is left of the grant is revoked with the review.
                boolean revokes =
                    outcome == BreakGlassReviewBody.Outcome.INAPPROPRIATE
                        && inForce(now, reviewedAt);
                if (revokes) {
                  appendRevocation(batch, now, actor, comment, digest, entry.index(), reviewedAt);
                }
                return new Recorded(entry.index(), revokes);
              });
      revoked = recorded.revoked();
      log.info(
          "Break-glass {} reviewed by {}: {} (ledger entry {}){}",
          grant.reference(),
          review.reviewer(),
          outcome.wireName(),
          recorded.index(),
          revoked ? "; what was left of it is revoked" : "");
    } finally {
      reviewing.remove(grantId);
    }
    if (revoked) {
      afterEnd(grant, "was revoked after a review found its use inappropriate");
    }
    Grant reviewed = grants.find(grantId).orElseThrow(() -> notFound(grantId));
    return view(reviewed, disclosuresOf(List.of(reviewed)), clock.instant());
  }

  /**
   * Who revokes a grant.
   *
   * @param username recorded as the actor
   * @param role the role recorded in the ledger, e.g. {@code ig}, {@code admin} or {@code
   *     clinician}
   * @param governance whether they may revoke anyone's grant (IG, administrators); otherwise only
   *     their own
   */
  public record Revoker(String username, String role, boolean governance) {}

  /**
   * Ends a grant at once: a {@code break-glass-revocation} ledger entry and the revocation on the
   * grant's row in one transaction; the next decision on this node no longer sees the grant, and
   * every disclosure still queued under it is decided again before this returns.
   *
   * @throws BreakGlassException if there is no such grant, the revoker may not revoke it, it has
   *     already ended, or the reason is not acceptable
   */
  public GrantView revoke(String grantId, Revoker revoker, @Nullable String reason) {
    Grant grant = grants.find(grantId).orElseThrow(() -> notFound(grantId));
    if (!revoker.governance() && !grant.actor().equals(revoker.username())) {
      throw new BreakGlassException(
          BreakGlassException.Kind.FORBIDDEN,
          List.of(
              "Only the person who broke glass, an IG lead or an administrator may revoke "
                  + grant.reference()
                  + "."));
    }
    List<String> problems = new ArrayList<>();
    String why = text("reason", reason, "say why the grant ends early", problems);
    if (why == null) {
      throw new BreakGlassException(BreakGlassException.Kind.INVALID, problems);
    }
    Actor actor = new Actor(revoker.username(), revoker.role());
    long index =
        ledger.record(
            batch -> {
              // Read in the ledger's transaction, so two revocations cannot both be recorded.
              Grant now = grants.find(grantId).orElseThrow(() -> notFound(grantId));
              Instant at = clock.instant().truncatedTo(ChronoUnit.MILLIS);
              if (!inForce(now, at)) {
                throw ended(now);
              }
              return appendRevocation(batch, now, actor, why, ReasonDigest.of(why), null, at);
            });
    log.info(
        "Break-glass {} revoked by {} ({}) (ledger entry {})",
        grant.reference(),
        revoker.username(),
        revoker.role(),
        index);
    afterEnd(grant, "was revoked");
    return find(grantId).orElseThrow(() -> notFound(grantId));
  }

  /**
   * Decides again the disclosures still queued under every grant that has ended (expired or
   * revoked) and was not handled yet; run on a schedule. Idempotent: a grant is marked once its
   * queued disclosures are decided again, and deciding again cancels only what is still pending.
   *
   * @return how many ended grants were handled
   */
  public int endExpired() {
    int handled = 0;
    for (Grant grant : grants.endedNotRedecided(clock.instant(), MAX_LISTED)) {
      afterEnd(grant, grant.revokedAt() == null ? "expired" : "was revoked");
      handled++;
    }
    return handled;
  }

  /** The grant is in force at {@code at}: not expired and not revoked. */
  private static boolean inForce(Grant grant, Instant at) {
    return grant.revokedAt() == null && grant.expiresAt().isAfter(at);
  }

  /** The revocation entry and its row update, in the caller's batch; returns the entry's index. */
  private long appendRevocation(
      LedgerBatch batch,
      Grant grant,
      Actor actor,
      String reason,
      ReasonDigest digest,
      @Nullable Long reviewIndex,
      Instant at) {
    LedgerEntry entry =
        batch.append(
            EntryType.BREAK_GLASS_REVOCATION,
            i ->
                new BreakGlassRevocationBody(
                    grant.id(),
                    actor,
                    grant.subjectKey(),
                    new PurposeCode(grant.purpose()),
                    new OdsCode(grant.recipientOds()),
                    digest,
                    reviewIndex));
    batch.publishAfterCommit(
        new BreakGlassRevoked(
            grant.id(),
            actor.person(),
            actor.role(),
            reviewIndex != null,
            entry.index(),
            grant.ledgerIndex()));
    batch.insert(
        revocationIndex -> {
          if (!grants.revoke(grant.id(), actor.person(), reason, at, revocationIndex)) {
            throw new IllegalStateException(
                grant.reference() + " was revoked by another writer meanwhile");
          }
        },
        entry.index());
    return entry.index();
  }

  /**
   * Once a grant has ended: this node's decisions stop seeing it, and what is still queued under it
   * is decided again; then the grant is marked handled.
   */
  private void afterEnd(Grant grant, String what) {
    cache.refresh(grant.lookupKey().value());
    int cancelled =
        redecision.redecide(
            NarrowingChange.person(
                grant.subjectKey(),
                grant.lookupKey(),
                "Break-glass grant " + grant.reference() + " " + what));
    grants.markRedecided(grant.id(), clock.instant());
    if (cancelled > 0) {
      log.info(
          "{} queued delivery(ies) cancelled after break-glass {} {}",
          cancelled,
          grant.reference(),
          what);
    }
  }

  private static BreakGlassException ended(Grant grant) {
    return new BreakGlassException(
        BreakGlassException.Kind.CONFLICT,
        List.of(
            grant.reference()
                + (grant.revokedAt() != null
                    ? " was already revoked at " + grant.revokedAt()
                    : " already expired at " + grant.expiresAt())
                + "; there is nothing left to revoke."));
  }

  /** A grant as committed, and the follow-up that alerts about it. */
  private record GrantRecorded(Grant grant, String alert) {}

  /** The follow-up kind of a grant's alert. */
  static final String ALERT = "break-glass-alert";

  @Override
  public String kind() {
    return ALERT;
  }

  /**
   * Publishes a committed grant's alert: at least once (a crash after publishing and before the
   * follow-up is complete publishes it again; consumers deduplicate by the grant id, its key).
   */
  @Override
  public void complete(FollowUp.Pending followUp) {
    String grantId = followUp.detail("grantId");
    Grant grant =
        grants
            .find(grantId)
            .orElseThrow(
                () -> new IllegalStateException("Break-glass grant " + grantId + " is gone"));
    events.publishEvent(
        new BreakGlassAlert(
            grant.id(),
            grant.senderOds(),
            grant.recipientOds(),
            grant.purpose(),
            grant.actor(),
            grant.actorRole(),
            grant.expiresAt(),
            grant.ledgerIndex()));
  }

  /** What a review batch recorded. */
  private record Recorded(long index, boolean revoked) {}

  /** The review queue: open (unreviewed) or reviewed grants, each with what it let through. */
  public List<GrantView> queue(Status status) {
    List<Grant> listed =
        status == Status.OPEN ? grants.unreviewed(MAX_LISTED) : grants.reviewed(MAX_LISTED);
    Map<String, List<Long>> disclosures = disclosuresOf(listed);
    Instant now = clock.instant();
    return listed.stream().map(g -> view(g, disclosures, now)).toList();
  }

  /** One grant, with what it let through. */
  public Optional<GrantView> find(String grantId) {
    return grants.find(grantId).map(g -> view(g, disclosuresOf(List.of(g)), clock.instant()));
  }

  /**
   * The indexes of the {@code disclosure} entries citing each grant ({@code consents} holds its
   * reference), by grant reference. Each person's entries are read once.
   */
  private Map<String, List<Long>> disclosuresOf(List<Grant> listed) {
    Map<String, List<LedgerEntry>> bySubject = new HashMap<>();
    Map<String, List<Long>> found = new HashMap<>();
    for (Grant grant : listed) {
      List<LedgerEntry> entries =
          bySubject.computeIfAbsent(
              grant.subjectKey().value(),
              key ->
                  ledgerEntries.entriesForSubject(key).stream()
                      .map(stored -> LedgerEntry.parse(stored.bytes()))
                      .filter(entry -> entry.type() == EntryType.DISCLOSURE)
                      .toList());
      found.put(
          grant.reference(),
          entries.stream()
              .filter(entry -> entry.disclosureBody().consents().contains(grant.reference()))
              .map(LedgerEntry::index)
              .toList());
    }
    return found;
  }

  private static GrantView view(Grant grant, Map<String, List<Long>> disclosures, Instant now) {
    return new GrantView(
        grant.id(),
        grant.reference(),
        grant.actor(),
        grant.actorRole(),
        grant.senderOds(),
        grant.recipientOds(),
        grant.purpose(),
        grant.reason(),
        grant.grantedAt(),
        grant.expiresAt(),
        !grant.expiresAt().isAfter(now),
        grant.ledgerIndex(),
        disclosures.getOrDefault(grant.reference(), List.of()),
        grant.reviewOutcome(),
        grant.reviewComment(),
        grant.reviewer(),
        grant.reviewedAt(),
        grant.reviewLedgerIndex(),
        grant.revokedAt(),
        grant.revokedBy(),
        grant.revocationReason(),
        grant.revocationLedgerIndex());
  }

  private static BreakGlassException notFound(String grantId) {
    return new BreakGlassException(
        BreakGlassException.Kind.NOT_FOUND,
        List.of("There is no break-glass grant " + REFERENCE_PREFIX + grantId + "."));
  }

  private static BreakGlassException alreadyReviewed(Grant grant) {
    return new BreakGlassException(
        BreakGlassException.Kind.CONFLICT,
        List.of(
            grant.reference()
                + " was already reviewed"
                + (grant.reviewer() == null ? "" : " by " + grant.reviewer())
                + (grant.reviewOutcome() == null ? "" : " (" + grant.reviewOutcome() + ")")
                + "; a review is recorded once and never changed."));
  }

  private static @Nullable NhsNumber nhsNumber(@Nullable String raw, List<String> problems) {
    if (raw == null || raw.isBlank()) {
      problems.add("nhsNumber is required: whose record the grant is for.");
      return null;
    }
    try {
      return NhsNumber.parse(raw);
    } catch (InvalidNhsNumberException e) {
      // The core's sentences describe the fault, never the number.
      problems.add("nhsNumber: " + e.getMessage() + ".");
      return null;
    }
  }

  private static @Nullable PurposeCode purpose(
      Protocol rules, @Nullable String raw, List<String> problems) {
    if (raw == null || raw.isBlank()) {
      problems.add("purpose is required: a purpose code of the protocol, e.g. hospital-discharge.");
      return null;
    }
    PurposeCode code;
    try {
      code = PurposeCode.of(raw);
    } catch (IllegalArgumentException e) {
      problems.add("purpose: " + e.getMessage() + ".");
      return null;
    }
    Optional<BreakGlassEligibility.Refusal> refusal = BreakGlassEligibility.purpose(rules, code);
    if (refusal.isPresent()) {
      problems.add("purpose: " + refusal.get().sentence());
      return null;
    }
    return code;
  }

  private static @Nullable OdsCode recipient(
      Protocol rules, @Nullable String raw, List<String> problems) {
    if (raw == null || raw.isBlank()) {
      problems.add("recipient is required: the ODS code of the organisation the record goes to.");
      return null;
    }
    OdsCode code;
    try {
      code = OdsCode.of(raw);
    } catch (IllegalArgumentException e) {
      problems.add("recipient: " + e.getMessage() + ".");
      return null;
    }
    Optional<BreakGlassEligibility.Refusal> refusal = BreakGlassEligibility.recipient(rules, code);
    if (refusal.isPresent()) {
      problems.add("recipient: " + refusal.get().sentence());
      return null;
    }
    return code;
  }

  private static @Nullable String reason(@Nullable String raw, List<String> problems) {
    String reason = raw == null ? "" : raw.strip();
    int before = problems.size();
    if (reason.isEmpty()) {
      problems.add(
          "reason is required: why the person's refusal must be overridden, in words a reviewer"
              + " can judge.");
      return null;
    }
    BreakGlassReasonPolicy.Finding finding = BreakGlassReasonPolicy.judge(reason);
    if (finding != BreakGlassReasonPolicy.Finding.ACCEPTABLE) {
      problems.add(
          "reason: '"
              + (reason.length() > 40 ? reason.substring(0, 40) + "…" : reason)
              + "' is a placeholder, not a reason: "
              + finding.explanation()
              + ". Say why the person's refusal must be overridden now, in words a reviewer can"
              + " judge; a test of the system is not a reason to override a person's refusal.");
    }
    int length = reason.codePointCount(0, reason.length());
    if (length < MIN_REASON) {
      problems.add(
          "reason: at least "
              + MIN_REASON
              + " characters are needed to explain an emergency override; this one has "
              + length
              + ".");
    } else if (reason.length() > MAX_TEXT) {
      problems.add(
          "reason: at most " + MAX_TEXT + " characters; this one has " + reason.length() + ".");
    }
    return problems.size() == before ? reason : null;
  }

  /**
   * Whether a reason says nothing a reviewer can judge ({@link BreakGlassReasonPolicy}: no letters,
   * one character repeated, placeholder words, a test or filler phrase).
   */
  static boolean isPlaceholder(String reason) {
    return BreakGlassReasonPolicy.isPlaceholder(reason);
  }

  private @Nullable Duration duration(@Nullable Duration duration, List<String> problems) {
    if (duration == null) {
      problems.add("duration is required: how long the grant lasts (ISO-8601, e.g. PT4H).");
      return null;
    }
    if (duration.isNegative() || duration.isZero()) {
      problems.add("duration: a grant lasts a positive time, not " + duration + ".");
      return null;
    }
    if (duration.compareTo(maxDuration) > 0) {
      problems.add(
          "duration: at most "
              + maxDuration
              + " (concordat.consent.break-glass-max-duration); "
              + duration
              + " was asked for. Grant again when it lapses if the emergency goes on.");
      return null;
    }
    return duration;
  }

  private static BreakGlassReviewBody.@Nullable Outcome outcome(
      @Nullable String raw, List<String> problems) {
    for (BreakGlassReviewBody.Outcome outcome : BreakGlassReviewBody.Outcome.values()) {
      if (outcome.wireName().equals(raw)) {
        return outcome;
      }
    }
    problems.add(
        "outcome: "
            + (raw == null ? "is required" : "'" + raw + "' is not a finding")
            + "; it is appropriate or inappropriate.");
    return null;
  }

  private static @Nullable String comment(@Nullable String raw, List<String> problems) {
    return text("comment", raw, "record the finding", problems);
  }

  /** A written text of at least {@value #MIN_COMMENT} and at most {@value #MAX_TEXT} characters. */
  private static @Nullable String text(
      String name, @Nullable String raw, String purpose, List<String> problems) {
    String text = raw == null ? "" : raw.strip();
    int length = text.codePointCount(0, text.length());
    if (length < MIN_COMMENT) {
      problems.add(
          name
              + ": at least "
              + MIN_COMMENT
              + " characters are needed to "
              + purpose
              + "; this one has "
              + length
              + ".");
      return null;
    }
    if (text.length() > MAX_TEXT) {
      problems.add(
          name + ": at most " + MAX_TEXT + " characters; this one has " + text.length() + ".");
      return null;
    }
    return text;
  }
}
