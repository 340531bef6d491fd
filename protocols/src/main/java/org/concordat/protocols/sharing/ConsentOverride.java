package org.concordat.protocols.sharing;

import java.util.Objects;

/**
 * The parties' agreement that a purpose may proceed although the person has refused — for
 * safeguarding adults at risk under Care Act 2014 s42 only (the reader refuses it elsewhere).
 *
 * @param justification why the partners agreed it, quoted in every decision that uses it
 */
public record ConsentOverride(String justification) {
  public ConsentOverride {
    Objects.requireNonNull(justification, "justification");
  }
}
