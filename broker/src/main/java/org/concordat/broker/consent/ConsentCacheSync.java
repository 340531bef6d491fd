package org.concordat.broker.consent;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.concordat.broker.ledger.LedgerRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this node's {@link ConsentCache} in step with changes other broker nodes record in the
 * shared database. Every consent change and break-glass grant or review is a ledger entry, so a
 * pass asks which people changed in entries after the last one it saw, and reloads them; opt-out
 * imports are found by their id. The node that records a change refreshes its own cache at once;
 * the others catch up on their next pass (every second by default).
 */
final class ConsentCacheSync {
  private static final Logger log = LoggerFactory.getLogger(ConsentCacheSync.class);

  private final ConsentCache cache;
  private final ConsentRepository consents;
  private final LiveGrants grants;
  private final OptOutResults optOuts;
  private final LedgerRepository ledger;
  private long seenSize;
  private final Set<String> seenImports = new HashSet<>();

  public ConsentCacheSync(
      ConsentCache cache,
      ConsentRepository consents,
      LiveGrants grants,
      OptOutResults optOuts,
      LedgerRepository ledger) {
    this.cache = cache;
    this.consents = consents;
    this.grants = grants;
    this.optOuts = optOuts;
    this.ledger = ledger;
    this.seenSize = ledger.size();
    seenImports.addAll(optOuts.recentImportIds(Integer.MAX_VALUE));
  }

  /** One pass; returns how many people were reloaded. Not thread-safe: run from one scheduler. */
  public synchronized int poll() {
    long size = ledger.size();
    Set<String> people = new HashSet<>();
    if (size > seenSize) {
      people.addAll(consents.changedSince(seenSize - 1));
      people.addAll(grants.changedSince(seenSize - 1));
    }
    people.forEach(cache::refresh);
    seenSize = size;
    int reloaded = people.size();
    for (String imported : optOuts.recentImportIds(20)) {
      if (seenImports.add(imported)) {
        List<PersonOptOut> statuses = optOuts.statusesOf(imported);
        cache.putOptOuts(statuses);
        reloaded += statuses.size();
      }
    }
    if (reloaded > 0) {
      log.debug("Consent cache: reloaded {} people changed by any node", reloaded);
    }
    return reloaded;
  }
}
