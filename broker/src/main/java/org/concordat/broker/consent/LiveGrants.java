package org.concordat.broker.consent;

import java.time.Instant;
import java.util.List;
import java.util.function.BiConsumer;
import org.concordat.protocols.consent.BreakGlassGrant;

/**
 * What the consent cache reads of break-glass grants (the break-glass feature stores them): those
 * neither expired nor revoked, which the decision engine weighs with consent and opt-out.
 */
public interface LiveGrants {
  /** Every live grant at {@code now}, with its person's lookup key, for the start-up load. */
  void forEachLive(Instant now, BiConsumer<String, BreakGlassGrant> each);

  /** One person's live grants at {@code now}. */
  List<BreakGlassGrant> liveFor(String lookupKey, Instant now);

  /** The lookup keys of people whose grants changed in ledger entries after {@code afterIndex}. */
  List<String> changedSince(long afterIndex);
}
