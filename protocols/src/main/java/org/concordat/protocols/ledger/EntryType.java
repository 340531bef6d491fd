package org.concordat.protocols.ledger;

import java.util.Objects;

/**
 * What a ledger entry records. The wire name is the {@code "type"} member of the entry's JSON and
 * decides the shape of its {@code "body"}; a new type is a new constant with a new wire name, so
 * existing entries keep their bytes.
 */
public enum EntryType {
  /** A record was (or is being) passed to a recipient, possibly with categories withheld. */
  DISCLOSURE("disclosure"),
  /** A record was refused: nothing was passed. */
  DENIAL("denial"),
  /** An earlier disclosure's delivery finally failed, so the ledger does not claim it arrived. */
  DELIVERY_FAILED("delivery-failed"),
  /**
   * A queued delivery was stopped before it was attempted because its decision was taken again
   * after a change that narrowed what is allowed (a consent change, a party's standing, the
   * protocol in force, a break-glass grant ending, an opt-out import), so the ledger does not claim
   * it arrived.
   */
  DELIVERY_CANCELLED("delivery-cancelled"),
  /** A person's consent directive was created, updated or withdrawn. */
  CONSENT_CHANGE("consent-change"),
  /** A named person overrode the usual rules in an emergency (break-glass). */
  BREAK_GLASS_GRANT("break-glass-grant"),
  /** A break-glass grant was reviewed. */
  BREAK_GLASS_REVIEW("break-glass-review"),
  /**
   * A break-glass grant was ended before its expiry: revoked by a person, or by a review that found
   * its use inappropriate.
   */
  BREAK_GLASS_REVOCATION("break-glass-revocation"),
  /** A party signed an exact protocol version. */
  PROTOCOL_SIGNED("protocol-signed"),
  /** A party's participation in a protocol version was suspended. */
  PROTOCOL_SUSPENDED("protocol-suspended"),
  /** A party withdrew from a protocol version. */
  PROTOCOL_WITHDRAWN("protocol-withdrawn"),
  /** A suspended party was reinstated in a protocol version. */
  PARTY_REINSTATED("party-reinstated"),
  /** The ledger's checkpoint signing key was replaced. */
  KEY_ROTATION("key-rotation");

  private final String wireName;

  EntryType(String wireName) {
    this.wireName = wireName;
  }

  /** The kebab-case name written in ledger JSON. */
  public String wireName() {
    return wireName;
  }

  /**
   * The type with this wire name.
   *
   * @throws IllegalArgumentException if no type has it
   */
  public static EntryType fromWireName(String wireName) {
    Objects.requireNonNull(wireName, "wireName");
    for (EntryType type : values()) {
      if (type.wireName.equals(wireName)) {
        return type;
      }
    }
    throw new IllegalArgumentException("There is no ledger entry type '" + wireName + "'");
  }
}
