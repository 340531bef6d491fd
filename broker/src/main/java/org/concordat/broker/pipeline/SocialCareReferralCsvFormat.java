package org.concordat.broker.pipeline;

import java.util.Set;
import org.concordat.adapters.fhir.ParsedNotice;
import org.concordat.adapters.la.SocialCareReferralCsv;
import org.concordat.protocols.sharing.CategoryCode;

/** The council social care referral CSV (docs/formats/social-care-referral-csv.md). */
public final class SocialCareReferralCsvFormat implements DeliveryFormat {
  public static final String NAME = "social-care-referral-csv";

  private final SocialCareReferralCsv csv;
  private final Set<CategoryCode> categories;

  /**
   * @param categories the protocol's categories that name fields of this format: what is asked for
   */
  public SocialCareReferralCsvFormat(SocialCareReferralCsv csv, Set<CategoryCode> categories) {
    this.csv = csv;
    this.categories = Set.copyOf(categories);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Set<CategoryCode> categories() {
    return categories;
  }

  @Override
  public Delivery translate(ParsedNotice notice, long ledgerIndex, Set<CategoryCode> permitted) {
    return new Delivery(
        "referral-" + ledgerIndex + ".csv",
        "text/csv; charset=utf-8",
        csv.render(notice, ledgerIndex, permitted));
  }
}
