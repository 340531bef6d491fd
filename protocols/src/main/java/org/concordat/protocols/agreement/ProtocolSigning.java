package org.concordat.protocols.agreement;

import java.util.Base64;
import java.util.Objects;
import org.concordat.protocols.keys.VerifierKey;
import org.concordat.protocols.ledger.Signer;
import org.concordat.protocols.sharing.OdsCode;
import org.concordat.protocols.sharing.Party;
import org.concordat.protocols.sharing.Protocol;

/** A party's signing of a protocol version: Ed25519 over the canonical bytes, through the port. */
public final class ProtocolSigning {
  private ProtocolSigning() {}

  /**
   * {@code party}'s signature of {@code protocol} by {@code signer}.
   *
   * @throws IllegalArgumentException if {@code party} is not a party to the protocol, or the
   *     signer's key (name and public key) is not one of that party's signing-keys
   */
  public static ProtocolSignature sign(Protocol protocol, OdsCode party, Signer signer) {
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(signer, "signer");
    Party signatory =
        protocol
            .party(party)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        party
                            + " is not a party to the protocol "
                            + protocol.ref().id()
                            + " "
                            + protocol.ref().version()
                            + ", so it cannot sign it."));
    VerifierKey key = VerifierKey.of(signer.keyName(), signer.publicKey());
    if (!signatory.signingKeys().contains(key)) {
      throw new IllegalArgumentException(
          "The key "
              + key.name()
              + " is not one of the signing-keys of "
              + party
              + " in the protocol; add its verifier key "
              + key.text()
              + " to the protocol first (which changes the protocol hash).");
    }
    byte[] signature = signer.sign(protocol.canonicalBytes());
    if (signature.length != 64) {
      throw new IllegalStateException(
          "The signer returned " + signature.length + " bytes, not an Ed25519 signature");
    }
    return new ProtocolSignature(
        party, key, protocol.ref().sha256(), Base64.getEncoder().encodeToString(signature));
  }
}
