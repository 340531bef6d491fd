package org.concordat.protocols.agreement;

import java.util.Objects;
import org.concordat.protocols.keys.VerifierKey;
import org.concordat.protocols.sharing.OdsCode;
import org.concordat.protocols.sharing.PartyStanding;
import org.jspecify.annotations.Nullable;

/**
 * One party's part in activation: its standing, whether it signed this exact version and with which
 * key, or why its signature does not count.
 *
 * @param key the key of the valid signature, or of the signature examined when none is valid; null
 *     when the party has not signed at all
 * @param detail a plain sentence for the IG console and {@code protocol verify}
 */
public record PartySignatureStatus(
    OdsCode party,
    PartyStanding.Status standing,
    State state,
    @Nullable VerifierKey key,
    String detail) {

  /** What became of the party's signature. */
  public enum State {
    /** Signed this exact hash with one of its declared keys, and the signature verifies. */
    VALID,
    /** No signature by this party. */
    MISSING,
    /** Signed a different protocol hash (another version, or the file changed since). */
    OTHER_VERSION,
    /** Signed with a key that is not among its signing-keys in this protocol. */
    UNDECLARED_KEY,
    /** The signature does not verify over the canonical bytes. */
    INVALID
  }

  public PartySignatureStatus {
    Objects.requireNonNull(party, "party");
    Objects.requireNonNull(standing, "standing");
    Objects.requireNonNull(state, "state");
    Objects.requireNonNull(detail, "detail");
  }

  public boolean signed() {
    return state == State.VALID;
  }
}
