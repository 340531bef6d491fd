package org.concordat.protocols.sharing;

import java.util.Objects;

/**
 * The parties' agreement that a purpose may proceed although the person has refused — for a purpose
 * of kind {@link PurposeKind#SAFEGUARDING} only (safeguarding adults at risk, Care Act 2014 s42);
 * the reader refuses it elsewhere.
 *
 * @param justification why the partners agreed it, quoted in every decision that uses it
 */
public record ConsentOverride(String justification) {
  public ConsentOverride {
    Objects.requireNonNull(justification, "justification");
  }
}
