package org.concordat.protocols.agreement;

import java.util.List;
import java.util.Objects;
import org.concordat.protocols.decision.Reason;
import org.concordat.protocols.sharing.ProtocolRef;

/**
 * Whether a protocol version is in effect, with each party's signature status. {@link Active} only
 * when every party validly signed exactly this hash, none has withdrawn, and the time is within
 * validity; otherwise {@link Inactive} with every reason. Warnings (review date passed, a suspended
 * party) do not stop activation.
 */
public sealed interface ActivationStatus
    permits ActivationStatus.Active, ActivationStatus.Inactive {

  ProtocolRef protocol();

  /** Each party of the protocol, in protocol order. */
  List<PartySignatureStatus> parties();

  /** Things to act on that do not make the protocol inactive. */
  List<Reason> warnings();

  default boolean isActive() {
    return this instanceof Active;
  }

  /** The protocol is in effect. */
  record Active(ProtocolRef protocol, List<PartySignatureStatus> parties, List<Reason> warnings)
      implements ActivationStatus {
    public Active {
      Objects.requireNonNull(protocol, "protocol");
      parties = List.copyOf(parties);
      warnings = List.copyOf(warnings);
    }
  }

  /** The protocol is not in effect, for every reason listed. */
  record Inactive(
      ProtocolRef protocol,
      List<Reason> reasons,
      List<PartySignatureStatus> parties,
      List<Reason> warnings)
      implements ActivationStatus {
    public Inactive {
      Objects.requireNonNull(protocol, "protocol");
      reasons = List.copyOf(reasons);
      parties = List.copyOf(parties);
      warnings = List.copyOf(warnings);
      if (reasons.isEmpty()) {
        throw new IllegalArgumentException("An inactive protocol says why");
      }
    }
  }
}
