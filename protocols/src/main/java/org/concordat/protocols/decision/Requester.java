package org.concordat.protocols.decision;

import java.util.Objects;
import org.concordat.protocols.sharing.OdsCode;

/**
 * Who asks for a disclosure: a partner's system acting on its own, or a named person (for a
 * dry-run, an IG review or, later, break-glass). Recorded with the decision; the current rules do
 * not depend on it.
 */
public sealed interface Requester permits Requester.PartnerSystem, Requester.NamedPerson {

  /** A partner organisation's system, identified by its ODS code. */
  record PartnerSystem(OdsCode organisation) implements Requester {
    public PartnerSystem {
      Objects.requireNonNull(organisation, "organisation");
    }
  }

  /**
   * A named person.
   *
   * @param id the person's identifier in the requesting organisation's directory
   * @param role the role they act in, e.g. {@code social-worker}
   */
  record NamedPerson(String id, String role) implements Requester {
    public NamedPerson {
      Objects.requireNonNull(id, "id");
      Objects.requireNonNull(role, "role");
      if (id.isBlank() || role.isBlank()) {
        throw new IllegalArgumentException("A named requester has an id and a role");
      }
    }
  }

  static Requester system(OdsCode organisation) {
    return new PartnerSystem(organisation);
  }

  static Requester person(String id, String role) {
    return new NamedPerson(id, role);
  }
}
