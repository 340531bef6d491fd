package org.concordat.broker.delivery;

import java.util.Set;
import org.concordat.protocols.sharing.CategoryCode;
import org.hl7.fhir.r4.model.Bundle;

/**
 * A recipient's format. Named in configuration ({@code delivery-format}); it translates a notice
 * that has already been minimised to the categories the decision permits, so it never sees what it
 * may not disclose.
 *
 * <p>Translation comes in two steps because the delivered record cites its ledger entry's index,
 * which exists only inside the ledger's single-writer batch: {@link #translate} does all the work
 * (before the batch, on the caller's thread), {@link Translation#deliver} only adds the index.
 */
public interface DeliveryFormat {

  /** The name used in configuration, e.g. {@code social-care-referral-csv}. */
  String name();

  /** The categories this format can carry: what the pipeline asks the decision engine for. */
  Set<CategoryCode> categories();

  /**
   * Translates a minimised notice into this format, all but its ledger index.
   *
   * @param minimised the notice's message Bundle with every withheld category removed; read, not
   *     changed
   * @throws TranslationException if the notice cannot be put in this format
   */
  Translation translate(Bundle minimised);

  /**
   * A translated notice waiting for its ledger index. Immutable: a ledger batch that is run again
   * (docs/architecture.md) simply asks again, for the index it then gets.
   */
  interface Translation {

    /** The file to deliver, citing the disclosure's ledger entry. */
    Delivery deliver(long ledgerIndex);
  }
}
