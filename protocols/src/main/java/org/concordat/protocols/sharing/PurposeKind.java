package org.concordat.protocols.sharing;

import java.util.Locale;

/**
 * What kind of purpose a purpose is, declared by a purpose's {@code kind} or, when it declares
 * none, implied by its {@code healthcare} and {@code secondary-use} settings. The kind decides what
 * the protocol may say about the purpose: only a {@link #SAFEGUARDING} purpose may proceed despite
 * the person's refusal.
 */
public enum PurposeKind {
  /** The person's own health or social care. */
  CARE,
  /**
   * Safeguarding an adult at risk of abuse or neglect (Care Act 2014 s42 enquiries): the only kind
   * that may carry a consent-override. Never implied; a protocol declares it.
   */
  SAFEGUARDING,
  /** Beyond the person's individual care: planning, commissioning, pooled-budget reporting. */
  SECONDARY_USE,
  /** Not health or social care, such as housing or employment support. */
  NON_HEALTHCARE;

  /** The kind as written in protocol files, e.g. {@code non-healthcare}. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /** The kind a purpose that declares none has. */
  public static PurposeKind implied(boolean healthcare, boolean secondaryUse) {
    if (!healthcare) {
      return NON_HEALTHCARE;
    }
    return secondaryUse ? SECONDARY_USE : CARE;
  }

  /** Whether a purpose of this kind may have these settings. */
  public boolean allows(boolean healthcare, boolean secondaryUse) {
    return switch (this) {
      case CARE, SAFEGUARDING -> healthcare && !secondaryUse;
      case SECONDARY_USE -> healthcare && secondaryUse;
      case NON_HEALTHCARE -> !healthcare;
    };
  }
}
