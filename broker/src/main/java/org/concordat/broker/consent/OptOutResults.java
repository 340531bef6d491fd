package org.concordat.broker.consent;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;

/**
 * What the consent cache reads of the national data opt-out results (the opt-out feature stores
 * them): the cache owns the decision's view, the opt-out feature owns the imports.
 */
public interface OptOutResults {
  /** Every person's result still valid at {@code now}, for the start-up load. */
  void forEachValid(Instant now, BiConsumer<String, PersonOptOut> each);

  /** One person's latest result, valid or not. */
  Optional<PersonOptOut> find(String lookupKey);

  /** The ids of the latest {@code limit} imports, newest first. */
  List<String> recentImportIds(int limit);

  /** The results one import brought. */
  List<PersonOptOut> statusesOf(String importId);
}
