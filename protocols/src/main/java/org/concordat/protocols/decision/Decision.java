package org.concordat.protocols.decision;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.concordat.protocols.sharing.CategoryCode;
import org.concordat.protocols.sharing.Flow;
import org.concordat.protocols.sharing.ProtocolRef;

/**
 * The outcome of one decision, always with its explanation. A refusal is a value ({@link Deny}),
 * not an exception.
 */
public sealed interface Decision permits Decision.Permit, Decision.Deny {

  /** The protocol version the decision was made under. */
  ProtocolRef protocol();

  /** Why: for a permit, the flow and legal basis; for a deny, what failed. Never empty. */
  List<Reason> reasons();

  /** The wire name used in ledger entries and API answers. */
  String outcome();

  /**
   * The disclosure may go ahead with exactly {@code permitted}; {@code withheld} maps each
   * requested category that must be removed to the reason.
   */
  record Permit(
      ProtocolRef protocol,
      Flow flow,
      Set<CategoryCode> permitted,
      Map<CategoryCode, Reason> withheld,
      List<Reason> reasons)
      implements Decision {
    public Permit {
      Objects.requireNonNull(protocol, "protocol");
      Objects.requireNonNull(flow, "flow");
      permitted = Set.copyOf(permitted);
      withheld = Map.copyOf(withheld);
      reasons = List.copyOf(reasons);
      if (reasons.isEmpty()) {
        throw new IllegalArgumentException("A permit says why");
      }
      if (permitted.isEmpty()) {
        throw new IllegalArgumentException("A permit with nothing permitted is a deny");
      }
    }

    @Override
    public String outcome() {
      return withheld.isEmpty() ? "permit" : "permit-with-redactions";
    }
  }

  /** Nothing may be disclosed. */
  record Deny(ProtocolRef protocol, List<Reason> reasons) implements Decision {
    public Deny {
      Objects.requireNonNull(protocol, "protocol");
      reasons = List.copyOf(reasons);
      if (reasons.isEmpty()) {
        throw new IllegalArgumentException("A deny says why");
      }
    }

    @Override
    public String outcome() {
      return "deny";
    }
  }
}
