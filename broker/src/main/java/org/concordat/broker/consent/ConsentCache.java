package org.concordat.broker.consent;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.concordat.broker.consent.ConsentRepository.StoredConsent;
import org.concordat.protocols.consent.BreakGlassGrant;
import org.concordat.protocols.consent.ConsentDirective;
import org.concordat.protocols.consent.ConsentPort;
import org.concordat.protocols.consent.OptOutStatus;
import org.concordat.protocols.consent.SubjectConsent;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The decision engine's view of everyone's consent, opt-out and break-glass grants, held in memory
 * and keyed by lookup key (HMAC of the NHS number). Loaded in full at start-up; each change
 * refreshes the person it touched right after its transaction commits and before the change is
 * acknowledged, so the next decision on this node sees it (no expiry-based caching).
 *
 * <p>Opt-out results and grants carry their own expiry, which the decision engine compares with the
 * decision's instant (never the wall clock): a check that has expired by then reads as {@link
 * OptOutStatus#UNKNOWN} and a grant that has ended covers nothing, for a real decision and a dry
 * run at a future time alike. Results and grants already over when they are loaded are left out.
 */
public final class ConsentCache implements ConsentPort {
  private static final Logger log = LoggerFactory.getLogger(ConsentCache.class);

  private final ConsentRepository consents;
  private final OptOutResults optOuts;
  private final LiveGrants grants;
  private final Clock clock;
  private final Map<String, Known> people = new ConcurrentHashMap<>();

  /** What is held about one person. */
  private record Known(
      List<ConsentDirective> directives,
      @Nullable PersonOptOut optOut,
      List<BreakGlassGrant> grants,
      SubjectConsent consent) {
    Known(
        List<ConsentDirective> directives, @Nullable PersonOptOut optOut, List<BreakGlassGrant> g) {
      this(
          directives,
          optOut,
          g,
          optOut == null
              ? new SubjectConsent(directives, OptOutStatus.UNKNOWN, null, g)
              : new SubjectConsent(
                  directives,
                  optOut.optedOut() ? OptOutStatus.OPTED_OUT : OptOutStatus.NOT_OPTED_OUT,
                  optOut.expiresAt(),
                  g));
    }

    boolean isEmpty() {
      return directives.isEmpty() && optOut == null && grants.isEmpty();
    }
  }

  public ConsentCache(
      ConsentRepository consents, OptOutResults optOuts, LiveGrants grants, Clock clock) {
    this.consents = consents;
    this.optOuts = optOuts;
    this.grants = grants;
    this.clock = clock;
  }

  /** Loads everyone's directives in force, valid opt-out results and live grants. */
  public void loadAll() {
    Instant now = clock.instant();
    Map<String, List<ConsentDirective>> directives = new HashMap<>();
    consents.forEachInForce(
        (key, list) -> directives.computeIfAbsent(key, k -> new ArrayList<>()).addAll(list));
    Map<String, PersonOptOut> statuses = new HashMap<>();
    optOuts.forEachValid(now, statuses::put);
    Map<String, List<BreakGlassGrant>> live = new HashMap<>();
    grants.forEachLive(
        now, (key, grant) -> live.computeIfAbsent(key, k -> new ArrayList<>()).add(grant));
    people.clear();
    java.util.Set<String> keys = new java.util.HashSet<>(directives.keySet());
    keys.addAll(statuses.keySet());
    keys.addAll(live.keySet());
    for (String key : keys) {
      people.put(
          key,
          new Known(
              directives.getOrDefault(key, List.of()),
              statuses.get(key),
              live.getOrDefault(key, List.of())));
    }
    log.info(
        "Consent cache loaded: {} people with directives, {} opt-out results, {} live grants",
        directives.size(),
        statuses.size(),
        live.size());
  }

  /** Re-reads one person from the database; call after the transaction that changed them. */
  public void refresh(String lookupKey) {
    Instant now = clock.instant();
    List<ConsentDirective> directives = new ArrayList<>();
    for (StoredConsent version : consents.currentFor(lookupKey)) {
      if ("active".equals(version.status())) {
        directives.addAll(version.directives());
      }
    }
    PersonOptOut optOut =
        optOuts.find(lookupKey).filter(s -> s.expiresAt().isAfter(now)).orElse(null);
    List<BreakGlassGrant> live = grants.liveFor(lookupKey, now);
    Known known = new Known(directives, optOut, live);
    if (known.isEmpty()) {
      people.remove(lookupKey);
    } else {
      people.put(lookupKey, known);
    }
  }

  /** Replaces the opt-out results of many people at once, after an import has committed. */
  public void putOptOuts(List<PersonOptOut> statuses) {
    for (PersonOptOut status : statuses) {
      people.compute(
          status.lookupKey(),
          (key, known) ->
              known == null
                  ? new Known(List.of(), status, List.of())
                  : new Known(known.directives(), status, known.grants()));
    }
  }

  @Override
  public SubjectConsent consentOf(String lookupKey) {
    Known known = people.get(lookupKey);
    return known == null ? SubjectConsent.NONE : known.consent();
  }

  /** How many people the cache holds something about (for metrics and tests). */
  public int size() {
    return people.size();
  }
}
