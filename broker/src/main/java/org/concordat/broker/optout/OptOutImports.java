package org.concordat.broker.optout;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Supplier;
import org.concordat.adapters.optout.CohortFile;
import org.concordat.adapters.optout.OptOutFiles;
import org.concordat.adapters.optout.OptOutResult;
import org.concordat.broker.agreement.NarrowingChange;
import org.concordat.broker.agreement.QueuedRedecision;
import org.concordat.broker.consent.ConsentCache;
import org.concordat.broker.consent.PersonOptOut;
import org.concordat.broker.ledger.FollowUp;
import org.concordat.broker.ledger.FollowUpHandler;
import org.concordat.broker.ledger.FollowUps;
import org.concordat.broker.optout.OptOutRepository.OptOutImport;
import org.concordat.broker.subject.SubjectDirectory;
import org.concordat.protocols.subject.NhsNumber;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Imports the result of a national data opt-out check: the cohort the partnership submitted and the
 * file the service returned (the cohort without the people who opted out). Each person in the
 * cohort gets a result valid for the configured period; people never checked, or whose result has
 * expired, have an unknown status, which stops secondary-use disclosures about them. The status is
 * held by lookup key only and is never written onto anything sent to a partner. Once an import is
 * recorded, every disclosure still queued is decided again under it: a follow-up recorded in the
 * import's transaction, so that a crash before it ran does not lose it.
 */
class OptOutImports implements FollowUpHandler {
  private static final Logger log = LoggerFactory.getLogger(OptOutImports.class);

  /** The largest cohort file accepted (bytes) and the most NHS numbers in one. */
  public static final long MAX_FILE_BYTES = 32L * 1024 * 1024;

  public static final int MAX_RECORDS = 2_000_000;

  private final OptOutRepository repository;
  private final ConsentCache cache;
  private final QueuedRedecision redecision;
  private final SubjectDirectory subjects;
  private final TransactionTemplate transactions;
  private final Clock clock;
  private final Duration validity;
  private final Supplier<UUID> ids;
  private final FollowUps followUps;

  /** The follow-up kind of an import. */
  static final String FOLLOW_UP = "opt-out-imported";

  public OptOutImports(
      OptOutRepository repository,
      ConsentCache cache,
      QueuedRedecision redecision,
      SubjectDirectory subjects,
      TransactionTemplate transactions,
      Clock clock,
      Duration validity,
      Supplier<UUID> ids,
      FollowUps followUps) {
    this.repository = repository;
    this.cache = cache;
    this.redecision = redecision;
    this.followUps = followUps;
    this.subjects = subjects;
    this.transactions = transactions;
    this.clock = clock;
    this.validity = validity;
    this.ids = ids;
  }

  /** What an import did; no NHS numbers. */
  public record Summary(
      String id, int cohortSize, int optedOut, int notOptedOut, Instant expiresAt) {}

  /**
   * Records the check: every person in {@code submitted} is opted out unless {@code returned} lists
   * them.
   *
   * @throws org.concordat.adapters.optout.CohortMismatchException if {@code returned} lists people
   *     who were not submitted (the files do not belong together)
   */
  public Summary record(CohortFile submitted, CohortFile returned, String importedBy) {
    OptOutResult result = OptOutFiles.compare(submitted, returned);
    Instant now = clock.instant();
    Instant expires = now.plus(validity);
    List<PersonOptOut> statuses = new ArrayList<>();
    for (NhsNumber person : result.optedOut()) {
      statuses.add(new PersonOptOut(subjects.lookupKey(person).value(), true, expires));
    }
    for (NhsNumber person : result.notOptedOut()) {
      statuses.add(new PersonOptOut(subjects.lookupKey(person).value(), false, expires));
    }
    OptOutImport imported =
        new OptOutImport(
            ids.get().toString(),
            now,
            importedBy,
            submitted.fileName() + " / " + returned.fileName(),
            statuses.size(),
            result.optedOut().size(),
            expires);
    // The import and its follow-up commit together: a crash before the follow-up ran leaves it
    // recorded, and it is run after the restart (the cache reloads the statuses at start).
    String followUp =
        Objects.requireNonNull(
            transactions.execute(
                status -> {
                  repository.store(imported, statuses);
                  return followUps.insert(
                      new FollowUp(FOLLOW_UP, Map.of("importId", imported.id())));
                }),
            "the follow-up's id");
    cache.putOptOuts(statuses);
    log.info(
        "National data opt-out import {} by {}: {} people checked, {} opted out, valid until {}",
        imported.id(),
        importedBy,
        statuses.size(),
        result.optedOut().size(),
        expires);
    followUps.runNow(followUp);
    return new Summary(
        imported.id(),
        statuses.size(),
        result.optedOut().size(),
        result.notOptedOut().size(),
        expires);
  }

  @Override
  public String kind() {
    return FOLLOW_UP;
  }

  /**
   * After an import: secondary-use disclosures still queued may now be refused, so every queued
   * disclosure is decided again (the queue is short; the cohort may be millions). Idempotent: a
   * second run finds nothing left to cancel.
   */
  @Override
  public void complete(FollowUp.Pending followUp) {
    String importId = followUp.detail("importId");
    int cancelled =
        redecision.redecide(
            NarrowingChange.everything(
                "A national data opt-out check (import " + importId + ") was recorded"));
    log.info(
        "National data opt-out import {}: {} queued delivery(ies) cancelled", importId, cancelled);
  }

  /** The latest imports, newest first. */
  public List<OptOutImport> imports() {
    return repository.imports(50);
  }
}
