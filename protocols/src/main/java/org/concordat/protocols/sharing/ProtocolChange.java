package org.concordat.protocols.sharing;

import java.util.Objects;

/**
 * One change between two versions of a protocol, in the terms a reviewer reads before signing.
 *
 * @param kind what sort of change, for tools that sort or filter
 * @param subject what changed, e.g. {@code RXA -> XLA001 hospital-discharge} or a purpose code
 * @param description one plain sentence, returned by {@link #describe()}
 */
public record ProtocolChange(Kind kind, String subject, String description) {

  /** The sorts of change a reviewer looks for. */
  public enum Kind {
    IDENTITY_CHANGED,
    VALIDITY_CHANGED,
    PARTY_ADDED,
    PARTY_REMOVED,
    PARTY_KEYS_CHANGED,
    PURPOSE_ADDED,
    PURPOSE_REMOVED,
    PURPOSE_KIND_CHANGED,
    LEGAL_BASIS_CHANGED,
    EXPLICIT_CONSENT_CHANGED,
    OPT_OUT_CHANGED,
    CONSENT_OVERRIDE_CHANGED,
    CATEGORY_ADDED,
    CATEGORY_REMOVED,
    CATEGORY_SELECTION_CHANGED,
    FLOW_ADDED,
    FLOW_REMOVED,
    FLOW_WIDENED,
    FLOW_NARROWED,
    RETENTION_CHANGED,
    CONDITIONS_CHANGED
  }

  public ProtocolChange {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(subject, "subject");
    Objects.requireNonNull(description, "description");
  }

  /** The change as one sentence. */
  public String describe() {
    return description;
  }
}
