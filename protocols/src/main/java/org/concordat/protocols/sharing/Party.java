package org.concordat.protocols.sharing;

import java.util.Objects;

/** An organisation that is party to a sharing protocol. */
public record Party(OdsCode ods, String name, PartyKind kind) {
  public Party {
    Objects.requireNonNull(ods, "ods");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(kind, "kind");
  }
}
