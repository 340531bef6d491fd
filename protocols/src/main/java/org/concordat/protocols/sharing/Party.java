package org.concordat.protocols.sharing;

import java.util.List;
import java.util.Objects;
import org.concordat.protocols.keys.VerifierKey;
import org.jspecify.annotations.Nullable;

/**
 * An organisation that is party to a sharing protocol, with the keys it signs the protocol with.
 *
 * @param role the party's part in the partnership arrangement (lead commissioner, pooled-fund host)
 * @param signingKeys the Ed25519 keys whose signatures count as this party's agreement; at least
 *     one for a protocol that can become active
 * @param contact who to ask at this party about the protocol, if given
 */
public record Party(
    OdsCode ods,
    String name,
    PartyKind kind,
    PartyRole role,
    List<VerifierKey> signingKeys,
    @Nullable Contact contact) {
  public Party {
    Objects.requireNonNull(ods, "ods");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(role, "role");
    signingKeys = List.copyOf(signingKeys);
  }
}
