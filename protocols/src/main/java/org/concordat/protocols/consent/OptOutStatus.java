package org.concordat.protocols.consent;

/**
 * What the broker knows of a person's national data opt-out. It only matters for purposes the
 * protocol marks as secondary use, where disclosure needs a fresh check that the person has not
 * opted out: a status that was never checked, or whose check has expired, is {@link #UNKNOWN} and
 * stops such a disclosure just as an opt-out does.
 */
public enum OptOutStatus {
  /** The latest check (within its expiry) found the person has opted out. */
  OPTED_OUT,
  /** The latest check (within its expiry) found the person has not opted out. */
  NOT_OPTED_OUT,
  /** Never checked, or the check has expired. */
  UNKNOWN
}
