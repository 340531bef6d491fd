package org.concordat.protocols.sharing;

import java.util.Locale;

/**
 * A party's part in the partnership arrangement (NHS Act 2006 s75 style: lead commissioning,
 * integrated provision, pooled funds). Informative for reviewers; the decision engine does not
 * treat roles differently.
 */
public enum PartyRole {
  LEAD_COMMISSIONER,
  INTEGRATED_PROVIDER,
  POOLED_FUND_HOST,
  PROVIDER,
  PARTNER;

  /** The kebab-case name written in protocol files, e.g. {@code lead-commissioner}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
