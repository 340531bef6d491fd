package org.concordat.protocols.decision;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The one list of decision reason codes: every code a decision, or a ledger entry that stops a
 * delivery, can carry. The wire names (kebab-case) never change meaning; {@code
 * docs/decision-reasons.md} documents exactly these (a test keeps the two equal).
 */
public enum ReasonCode {
  // Permit reasons
  FLOW_MATCHED("flow-matched"),
  LEGAL_BASIS("legal-basis"),
  IMPLIED_CONSENT("implied-consent"),
  EXPLICIT_CONSENT("explicit-consent"),
  CONSENT_OVERRIDDEN("consent-overridden"),
  BREAK_GLASS("break-glass"),
  NATIONAL_DATA_OPT_OUT_CHECKED("national-data-opt-out-checked"),
  RETENTION("retention"),
  CONDITION("condition"),
  // Withheld categories
  CATEGORY_NOT_IN_FLOW("category-not-in-flow"),
  // Deny reasons
  NO_ACTIVE_PROTOCOL("no-active-protocol"),
  PROTOCOL_NOT_YET_VALID("protocol-not-yet-valid"),
  SENDER_NOT_A_PARTY("sender-not-a-party"),
  RECIPIENT_NOT_A_PARTY("recipient-not-a-party"),
  PARTY_SUSPENDED("party-suspended"),
  PARTY_WITHDRAWN("party-withdrawn"),
  UNKNOWN_PURPOSE("unknown-purpose"),
  NO_MATCHING_FLOW("no-matching-flow"),
  NATIONAL_DATA_OPT_OUT("national-data-opt-out"),
  OPT_OUT_STATUS_UNKNOWN("opt-out-status-unknown"),
  EXPLICIT_CONSENT_MISSING("explicit-consent-missing"),
  CONSENT_EXPIRED("consent-expired"),
  CONSENT_FOR_OTHER_RECIPIENT("consent-for-other-recipient"),
  CONSENT_FOR_OTHER_PURPOSE("consent-for-other-purpose"),
  CONSENT_LAPSED("consent-lapsed"),
  CONSENT_REFUSED("consent-refused"),
  NO_CATEGORY_PERMITTED("no-category-permitted"),
  // Entries that stop a delivery
  DELIVERY_FAILED("delivery-failed"),
  DELIVERY_CANCELLED("delivery-cancelled"),
  MESSAGE_UNREADABLE("message-unreadable");

  private static final Map<String, ReasonCode> BY_WIRE =
      Arrays.stream(values())
          .collect(Collectors.toUnmodifiableMap(c -> c.wire, Function.identity()));

  private final String wire;

  ReasonCode(String wire) {
    this.wire = wire;
  }

  /** The code as partner systems, ledger entries and the docs spell it. */
  public String wire() {
    return wire;
  }

  /** The code spelt {@code wire}, if it is a decision reason code. */
  public static Optional<ReasonCode> fromWire(String wire) {
    return Optional.ofNullable(BY_WIRE.get(wire));
  }

  @Override
  public String toString() {
    return wire;
  }
}
