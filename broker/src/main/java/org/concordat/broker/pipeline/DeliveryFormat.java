package org.concordat.broker.pipeline;

import java.util.Set;
import org.concordat.adapters.fhir.ParsedNotice;
import org.concordat.protocols.sharing.CategoryCode;

/**
 * A recipient's format: translates a notice, keeping only the permitted categories. Named in
 * configuration ({@code delivery-format}); implementations live in the adapters.
 */
public interface DeliveryFormat {

  /** The name used in configuration, e.g. {@code social-care-referral-csv}. */
  String name();

  /** The categories this format can carry: what the pipeline asks the decision engine for. */
  Set<CategoryCode> categories();

  Delivery translate(ParsedNotice notice, long ledgerIndex, Set<CategoryCode> permitted);
}
