package org.concordat.protocols.decision;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.concordat.protocols.sharing.CategoryCode;
import org.concordat.protocols.sharing.Flow;
import org.concordat.protocols.sharing.ProtocolRef;
import org.jspecify.annotations.Nullable;

/**
 * The outcome of one decision, always with its explanation: the protocol version, the flow that
 * matched, each withheld category with its reason, the consent directives that were used, the legal
 * basis and the recipient's obligations. A refusal is a value ({@link Deny}), not an exception.
 */
public sealed interface Decision permits Decision.Permit, Decision.Deny {

  /** The protocol version the decision was made under. */
  ProtocolRef protocol();

  /** Why: for a permit, the flow, legal basis, consent and obligations; for a deny, what failed. */
  List<Reason> reasons();

  /** The references of the consent directives the decision relied on or overrode, in order. */
  List<String> consentReferences();

  /** The wire name used in ledger entries and API answers. */
  String outcome();

  /**
   * Whether this decision, taken again after a change, still allows everything an earlier one let
   * through: a permit of at least {@code disclosed}. A queued delivery that is not still allowed in
   * full is cancelled (and what is still permitted queued again); a recipient who already received
   * data that is not still allowed in full is told.
   */
  default boolean stillAllowsInFull(
      java.util.Set<org.concordat.protocols.sharing.CategoryCode> disclosed) {
    return this instanceof Permit permit && permit.permitted().containsAll(disclosed);
  }

  /**
   * The disclosure may go ahead with exactly {@code permitted}; {@code withheld} maps each
   * requested category that must be removed to the reason.
   */
  record Permit(
      ProtocolRef protocol,
      Flow flow,
      Set<CategoryCode> permitted,
      Map<CategoryCode, Reason> withheld,
      List<Reason> reasons,
      List<String> consentReferences,
      List<Obligation> obligations)
      implements Decision {
    public Permit {
      Objects.requireNonNull(protocol, "protocol");
      Objects.requireNonNull(flow, "flow");
      permitted = Set.copyOf(permitted);
      withheld = Map.copyOf(withheld);
      reasons = List.copyOf(reasons);
      consentReferences = List.copyOf(consentReferences);
      obligations = List.copyOf(obligations);
      if (reasons.isEmpty()) {
        throw new IllegalArgumentException("A permit says why");
      }
      if (permitted.isEmpty()) {
        throw new IllegalArgumentException("A permit with nothing permitted is a deny");
      }
    }

    /** A permit without consent references or obligations. */
    public Permit(
        ProtocolRef protocol,
        Flow flow,
        Set<CategoryCode> permitted,
        Map<CategoryCode, Reason> withheld,
        List<Reason> reasons) {
      this(protocol, flow, permitted, withheld, reasons, List.of(), List.of());
    }

    @Override
    public String outcome() {
      return withheld.isEmpty() ? "permit" : "permit-with-redactions";
    }
  }

  /**
   * Nothing may be disclosed.
   *
   * @param flow the flow that matched when consent or the opt-out stopped it; null when none did
   */
  record Deny(
      ProtocolRef protocol,
      List<Reason> reasons,
      @Nullable Flow flow,
      List<String> consentReferences)
      implements Decision {
    public Deny {
      Objects.requireNonNull(protocol, "protocol");
      reasons = List.copyOf(reasons);
      consentReferences = List.copyOf(consentReferences);
      if (reasons.isEmpty()) {
        throw new IllegalArgumentException("A deny says why");
      }
    }

    /** A deny that matched no flow and used no consent directive. */
    public Deny(ProtocolRef protocol, List<Reason> reasons) {
      this(protocol, reasons, null, List.of());
    }

    @Override
    public String outcome() {
      return "deny";
    }
  }
}
