package org.concordat.protocols.sharing;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Why data flows, with its legal basis and consent rules.
 *
 * @param kind the purpose's kind, declared or implied ({@link PurposeKind#implied})
 * @param healthcare whether the purpose is the person's health or social care (true) or something
 *     else, such as housing or employment support (false: explicit consent is then required)
 * @param secondaryUse whether the purpose is beyond the person's individual care (planning,
 *     commissioning, pooled-budget reporting)
 * @param explicitConsent whether the person's explicit consent must be recorded before data flows
 * @param nationalDataOptOut whether the national data opt-out applies; null when the protocol does
 *     not say (allowed only for purposes that are not secondary use)
 * @param consentOverride present when the purpose may proceed despite the person's refusal
 * @param messageEvents the inbound message event codes (e.g. FHIR MessageHeader.eventCoding codes)
 *     that mean a message is sent for this purpose
 */
public record Purpose(
    PurposeCode code,
    String description,
    PurposeKind kind,
    boolean healthcare,
    boolean secondaryUse,
    LegalBasis legalBasis,
    ExplicitConsent explicitConsent,
    @Nullable OptOut nationalDataOptOut,
    @Nullable ConsentOverride consentOverride,
    List<String> messageEvents) {
  public Purpose {
    Objects.requireNonNull(code, "code");
    Objects.requireNonNull(description, "description");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(legalBasis, "legalBasis");
    Objects.requireNonNull(explicitConsent, "explicitConsent");
    messageEvents = List.copyOf(messageEvents);
    if (!kind.allows(healthcare, secondaryUse)) {
      throw new IllegalArgumentException(
          "A "
              + kind.wireName()
              + " purpose cannot have these healthcare and secondary-use settings");
    }
    if (consentOverride != null && kind != PurposeKind.SAFEGUARDING) {
      throw new IllegalArgumentException("Only a safeguarding purpose may override a refusal");
    }
  }

  /** Whether the person's explicit consent must be recorded. */
  public boolean requiresExplicitConsent() {
    return explicitConsent == ExplicitConsent.REQUIRED;
  }

  /** Whether a person's national data opt-out stops this purpose. */
  public boolean optOutApplies() {
    return nationalDataOptOut == OptOut.APPLIES;
  }

  /** Whether the purpose may proceed although the person refused. */
  public boolean mayProceedDespiteRefusal() {
    return consentOverride != null;
  }

  /** Whether the person's consent is implied: direct care without an explicit consent rule. */
  public boolean impliedConsent() {
    return healthcare && !secondaryUse && !requiresExplicitConsent();
  }

  /** {@code explicit-consent}: whether the person's explicit consent is needed. */
  public enum ExplicitConsent {
    REQUIRED,
    NOT_REQUIRED;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }

  /** {@code national-data-opt-out}: whether the national data opt-out applies to a purpose. */
  public enum OptOut {
    APPLIES,
    DOES_NOT_APPLY;

    public String wireName() {
      return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
  }
}
