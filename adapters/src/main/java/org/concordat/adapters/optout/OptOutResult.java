package org.concordat.adapters.optout;

import java.util.List;
import org.concordat.protocols.subject.NhsNumber;

/**
 * What the returned file says about each person submitted, both lists in submission order without
 * duplicates.
 *
 * @param optedOut submitted but not returned: these people have a national data opt-out, so their
 *     data must not be used for purposes the opt-out applies to
 * @param notOptedOut returned: no opt-out at the time of the check
 */
public record OptOutResult(List<NhsNumber> optedOut, List<NhsNumber> notOptedOut) {
  public OptOutResult {
    optedOut = List.copyOf(optedOut);
    notOptedOut = List.copyOf(notOptedOut);
  }

  /** NHS numbers are personal data, so only the counts are shown. */
  @Override
  public String toString() {
    return "OptOutResult[optedOut=" + optedOut.size() + ", notOptedOut=" + notOptedOut.size() + "]";
  }
}
