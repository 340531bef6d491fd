package org.concordat.protocols.ledger;

import java.util.Objects;

/**
 * One entry as a store holds it: its exact bytes and the leaf hash stored beside them, so a
 * verifier can name the exact entry whose bytes changed (the checkpoint root alone only says which
 * checkpoint first covers it).
 */
public record StoredEntry(byte[] bytes, byte[] leafHash) {
  public StoredEntry {
    Objects.requireNonNull(bytes, "bytes");
    Objects.requireNonNull(leafHash, "leafHash");
  }
}
