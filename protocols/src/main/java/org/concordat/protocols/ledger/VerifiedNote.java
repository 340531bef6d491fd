package org.concordat.protocols.ledger;

import java.util.List;
import java.util.Objects;

/**
 * A signed note whose signatures by known keys all verified.
 *
 * @param body the note text, ending in a newline, without the signatures
 * @param verifiedBy the key names whose signatures verified, in the order they appear; never empty
 */
public record VerifiedNote(String body, List<String> verifiedBy) {
  public VerifiedNote {
    Objects.requireNonNull(body, "body");
    verifiedBy = List.copyOf(verifiedBy);
    if (verifiedBy.isEmpty()) {
      throw new IllegalArgumentException("A verified note has at least one verified signature");
    }
  }
}
