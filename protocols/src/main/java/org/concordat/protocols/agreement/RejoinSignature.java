package org.concordat.protocols.agreement;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.concordat.protocols.keys.VerifierKey;
import org.concordat.protocols.ledger.InvalidSignatureException;
import org.concordat.protocols.ledger.SignatureVerifier;
import org.concordat.protocols.ledger.Signer;
import org.concordat.protocols.sharing.OdsCode;
import org.concordat.protocols.sharing.Party;
import org.concordat.protocols.sharing.Protocol;
import org.concordat.protocols.sharing.ProtocolRef;

/**
 * A withdrawn party's new signature of the protocol in force, which is how it rejoins (an
 * administrator cannot reinstate it alone). Ed25519 signatures are deterministic, so a signature
 * over the protocol's canonical bytes alone would be the very signature the party made before it
 * withdrew, and anyone holding the signatures file could replay it. The party therefore signs a
 * rejoin statement naming the exact protocol version (by hash), itself and the ledger index of its
 * withdrawal: a statement that cannot exist before the withdrawal, and is good for that withdrawal
 * only.
 *
 * <p>The statement is UTF-8 text, each line ending in a line feed: {@value #HEADER}, the protocol
 * id, its version, its SHA-256 (lower-case hex), the party's ODS code, and {@code withdrawal
 * <ledger index>}.
 *
 * @param protocolSha256 the hash of the protocol version the party rejoins (lower-case hex)
 * @param withdrawalIndex the ledger index of the {@code protocol-withdrawn} entry it rejoins after
 * @param signature the standard base64 of the 64-byte Ed25519 signature of the statement
 */
public record RejoinSignature(
    OdsCode party, VerifierKey key, String protocolSha256, long withdrawalIndex, String signature) {
  /** The statement's first line. */
  public static final String HEADER = "concordat-protocol-rejoin/v1";

  private static final Pattern HEX_SHA256 = Pattern.compile("[0-9a-f]{64}");

  public RejoinSignature {
    Objects.requireNonNull(party, "party");
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(protocolSha256, "protocolSha256");
    Objects.requireNonNull(signature, "signature");
    if (!HEX_SHA256.matcher(protocolSha256).matches()) {
      throw new IllegalArgumentException("A protocol hash is 64 lower-case hex digits");
    }
    if (withdrawalIndex < 0) {
      throw new IllegalArgumentException("A withdrawal's ledger index is not negative");
    }
    byte[] bytes;
    try {
      bytes = Base64.getDecoder().decode(signature);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("A signature is standard base64", e);
    }
    if (bytes.length != 64) {
      throw new IllegalArgumentException("An Ed25519 signature is 64 bytes, not " + bytes.length);
    }
  }

  /** The bytes a party signs to rejoin {@code protocol} after the withdrawal at that index. */
  public static byte[] statement(ProtocolRef protocol, OdsCode party, long withdrawalIndex) {
    return (HEADER
            + "\n"
            + protocol.id()
            + "\n"
            + protocol.version()
            + "\n"
            + protocol.sha256()
            + "\n"
            + party.value()
            + "\n"
            + "withdrawal "
            + withdrawalIndex
            + "\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  /**
   * {@code party}'s rejoin signature by {@code signer}.
   *
   * @throws IllegalArgumentException if {@code party} is not a party to the protocol, or the
   *     signer's key is not one of that party's signing-keys
   */
  public static RejoinSignature sign(
      Protocol protocol, OdsCode party, long withdrawalIndex, Signer signer) {
    Party signatory =
        protocol
            .party(party)
            .orElseThrow(
                () ->
                    new IllegalArgumentException(
                        party + " is not a party to the protocol " + protocol.ref().id()));
    VerifierKey key = VerifierKey.of(signer.keyName(), signer.publicKey());
    if (!signatory.signingKeys().contains(key)) {
      throw new IllegalArgumentException(
          "The key " + key.name() + " is not one of the signing-keys of " + party);
    }
    byte[] signature = signer.sign(statement(protocol.ref(), party, withdrawalIndex));
    return new RejoinSignature(
        party,
        key,
        protocol.ref().sha256(),
        withdrawalIndex,
        Base64.getEncoder().encodeToString(signature));
  }

  /**
   * Everything that keeps this signature from rejoining its party to {@code protocol} after the
   * withdrawal recorded at {@code withdrawalIndex}, in plain sentences; empty if it counts.
   *
   * @param verifiers makes an Ed25519 verifier for a raw 32-byte public key
   */
  public List<String> problems(
      Protocol protocol, long withdrawalIndex, Function<byte[], SignatureVerifier> verifiers) {
    List<String> problems = new ArrayList<>();
    String name = protocol.ref().id() + " " + protocol.ref().version();
    Party signatory = protocol.party(party).orElse(null);
    if (signatory == null) {
      problems.add(party + " is not a party to the protocol " + name + ".");
      return problems;
    }
    if (!protocolSha256.equals(protocol.ref().sha256())) {
      problems.add(
          "The signature is for the protocol hash "
              + protocolSha256
              + ", not "
              + protocol.ref().sha256()
              + " of "
              + name
              + ", the version in force.");
    }
    if (this.withdrawalIndex != withdrawalIndex) {
      problems.add(
          "The signature names the withdrawal at ledger index "
              + this.withdrawalIndex
              + ", but "
              + party
              + "'s withdrawal is at ledger index "
              + withdrawalIndex
              + "; sign again naming that one.");
    }
    if (!signatory.signingKeys().contains(key)) {
      problems.add(
          "The key "
              + key.name()
              + " is not one of the signing-keys of "
              + party
              + " in the protocol "
              + name
              + ".");
    }
    if (problems.isEmpty()) {
      try {
        verifiers
            .apply(key.publicKey())
            .verify(
                statement(protocol.ref(), party, withdrawalIndex),
                Base64.getDecoder().decode(signature));
      } catch (InvalidSignatureException e) {
        problems.add(
            "The signature by the key "
                + key.name()
                + " does not verify over the rejoin statement for "
                + party
                + ", "
                + name
                + " and the withdrawal at ledger index "
                + withdrawalIndex
                + ".");
      }
    }
    return problems;
  }
}
