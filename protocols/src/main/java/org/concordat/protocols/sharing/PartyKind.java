package org.concordat.protocols.sharing;

/** What kind of organisation a party is. */
public enum PartyKind {
  NHS_TRUST,
  ICB,
  LOCAL_AUTHORITY,
  VOLUNTARY_ORGANISATION,
  OTHER
}
