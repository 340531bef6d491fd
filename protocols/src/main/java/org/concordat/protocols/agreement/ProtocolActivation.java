package org.concordat.protocols.agreement;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.concordat.protocols.decision.Reason;
import org.concordat.protocols.keys.VerifierKey;
import org.concordat.protocols.ledger.InvalidSignatureException;
import org.concordat.protocols.ledger.SignatureVerifier;
import org.concordat.protocols.sharing.OdsCode;
import org.concordat.protocols.sharing.Party;
import org.concordat.protocols.sharing.PartyStanding;
import org.concordat.protocols.sharing.Protocol;

/**
 * Decides whether a protocol version is active, and which version is in force among several.
 *
 * <p>Rules: active only when every party has a valid Ed25519 signature over exactly this protocol's
 * canonical bytes (and says so by hash) by one of its declared signing-keys, no party has
 * withdrawn, and the time is on or after valid-from (midnight UK time). A passed review date and a
 * suspended party are warnings: the review date asks for a new version but does not end the
 * agreement, and a suspension stops only that party's flows (the decision engine denies them).
 */
public final class ProtocolActivation {
  private ProtocolActivation() {}

  /** A protocol version and its activation status, for {@link #choose}. */
  public record Candidate(Protocol protocol, ActivationStatus status) {
    public Candidate {
      Objects.requireNonNull(protocol, "protocol");
      Objects.requireNonNull(status, "status");
      if (!status.protocol().equals(protocol.ref())) {
        throw new IllegalArgumentException("The status is for another protocol version");
      }
    }
  }

  /** Which version is in force. */
  public sealed interface InForce permits InForce.Chosen, InForce.NoneInForce {
    /**
     * @param superseded active versions that {@code chosen} replaces
     * @param notes why newer versions, if any, did not take over
     */
    record Chosen(Candidate chosen, List<Candidate> superseded, List<Reason> notes)
        implements InForce {
      public Chosen {
        superseded = List.copyOf(superseded);
        notes = List.copyOf(notes);
      }
    }

    /** No version can be enforced: deny everything. */
    record NoneInForce(List<Reason> reasons) implements InForce {
      public NoneInForce {
        reasons = List.copyOf(reasons);
      }
    }
  }

  /**
   * The activation status of {@code protocol} at {@code at}.
   *
   * @param standings each party's standing; a party not in the map is active
   * @param verifiers makes an Ed25519 verifier for a raw 32-byte public key (Bouncy Castle in the
   *     adapters, the JDK in tests)
   */
  public static ActivationStatus evaluate(
      Protocol protocol,
      List<ProtocolSignature> signatures,
      Map<OdsCode, PartyStanding> standings,
      Instant at,
      Function<byte[], SignatureVerifier> verifiers) {
    Objects.requireNonNull(at, "at");
    String name = protocol.ref().id() + " " + protocol.ref().version();
    List<Reason> reasons = new ArrayList<>();
    List<Reason> warnings = new ArrayList<>();
    if (at.isBefore(protocol.validFromInstant())) {
      reasons.add(
          new Reason(
              "protocol-not-yet-valid",
              "The protocol " + name + " is valid from " + protocol.validFrom() + "."));
    }
    if (protocol.reviewOverdueAt(at)) {
      warnings.add(
          new Reason(
              "review-date-passed",
              "The review date "
                  + protocol.reviewDate()
                  + " of the protocol "
                  + name
                  + " has passed; the parties should review it and sign a new version."));
    }
    byte[] canonical = protocol.canonicalBytes();
    List<PartySignatureStatus> parties = new ArrayList<>();
    for (Party party : protocol.parties()) {
      PartyStanding standing = standings.getOrDefault(party.ods(), PartyStanding.active());
      PartyStanding.Status status = standing.statusAt(at);
      if (status == PartyStanding.Status.WITHDRAWN) {
        reasons.add(
            new Reason(
                "party-withdrawn",
                party.ods()
                    + " withdrew from the protocol on "
                    + standing.since()
                    + " ("
                    + standing.reason()
                    + ")."));
      } else if (status == PartyStanding.Status.SUSPENDED) {
        warnings.add(
            new Reason(
                "party-suspended",
                party.ods()
                    + " is suspended since "
                    + standing.since()
                    + " ("
                    + standing.reason()
                    + "); its flows are stopped."));
      }
      PartySignatureStatus signed =
          signatureOf(protocol, party, status, signatures, canonical, verifiers);
      parties.add(signed);
      if (!signed.signed()) {
        reasons.add(new Reason(reasonCode(signed.state()), signed.detail()));
      }
    }
    for (ProtocolSignature signature : signatures) {
      if (protocol.party(signature.party()).isEmpty()) {
        warnings.add(
            new Reason(
                "signature-by-non-party",
                signature.party()
                    + " signed, but it is not a party to the protocol "
                    + name
                    + "; its signature is ignored."));
      }
    }
    return reasons.isEmpty()
        ? new ActivationStatus.Active(protocol.ref(), parties, warnings)
        : new ActivationStatus.Inactive(protocol.ref(), reasons, parties, warnings);
  }

  private static PartySignatureStatus signatureOf(
      Protocol protocol,
      Party party,
      PartyStanding.Status standing,
      List<ProtocolSignature> signatures,
      byte[] canonical,
      Function<byte[], SignatureVerifier> verifiers) {
    String name = protocol.ref().id() + " " + protocol.ref().version();
    PartySignatureStatus failure = null;
    for (ProtocolSignature signature : signatures) {
      if (!signature.party().equals(party.ods())) {
        continue;
      }
      VerifierKey key = signature.key();
      PartySignatureStatus status;
      if (!signature.protocolSha256().equals(protocol.ref().sha256())) {
        status =
            new PartySignatureStatus(
                party.ods(),
                standing,
                PartySignatureStatus.State.OTHER_VERSION,
                key,
                party.ods()
                    + " signed the protocol hash "
                    + signature.protocolSha256()
                    + ", not "
                    + protocol.ref().sha256()
                    + " of "
                    + name
                    + ": the protocol changed after it signed, or it signed another version.");
      } else if (!party.signingKeys().contains(key)) {
        status =
            new PartySignatureStatus(
                party.ods(),
                standing,
                PartySignatureStatus.State.UNDECLARED_KEY,
                key,
                party.ods()
                    + " signed with the key "
                    + key.name()
                    + ", which is not one of its signing-keys in the protocol "
                    + name
                    + ".");
      } else {
        try {
          verifiers.apply(key.publicKey()).verify(canonical, signature.signatureBytes());
          return new PartySignatureStatus(
              party.ods(),
              standing,
              PartySignatureStatus.State.VALID,
              key,
              party.ods() + " signed " + name + " with the key " + key.name() + ".");
        } catch (InvalidSignatureException e) {
          status =
              new PartySignatureStatus(
                  party.ods(),
                  standing,
                  PartySignatureStatus.State.INVALID,
                  key,
                  "The signature of "
                      + party.ods()
                      + " with the key "
                      + key.name()
                      + " does not verify over the protocol "
                      + name
                      + ".");
        }
      }
      if (failure == null) {
        failure = status;
      }
    }
    if (failure != null) {
      return failure;
    }
    return new PartySignatureStatus(
        party.ods(),
        standing,
        PartySignatureStatus.State.MISSING,
        null,
        party.ods() + " has not signed the protocol " + name + ".");
  }

  private static String reasonCode(PartySignatureStatus.State state) {
    return switch (state) {
      case MISSING -> "signature-missing";
      case OTHER_VERSION -> "signature-for-other-version";
      case UNDECLARED_KEY -> "signature-key-not-declared";
      case INVALID -> "signature-invalid";
      case VALID -> throw new IllegalArgumentException("A valid signature is no reason");
    };
  }

  /**
   * Which of several versions of one protocol is in force: the active version that no other active
   * version supersedes. A newer version whose {@code supersedes} names an older one takes over only
   * once it is itself active (fully signed and valid); until then the older stays in force.
   *
   * @throws IllegalArgumentException if the candidates are versions of different protocols
   */
  public static InForce choose(List<Candidate> candidates) {
    if (candidates.stream().map(c -> c.protocol().ref().id()).distinct().count() > 1) {
      throw new IllegalArgumentException("The candidates are versions of different protocols");
    }
    List<Candidate> active = candidates.stream().filter(c -> c.status().isActive()).toList();
    if (active.isEmpty()) {
      return new InForce.NoneInForce(
          List.of(
              new Reason(
                  "no-active-protocol",
                  "No version of the protocol is active, so nothing may flow.")));
    }
    List<Candidate> superseded = new ArrayList<>();
    List<Candidate> current = new ArrayList<>();
    for (Candidate c : active) {
      String version = c.protocol().ref().version();
      boolean replaced =
          active.stream().anyMatch(o -> o != c && version.equals(o.protocol().supersedes()));
      (replaced ? superseded : current).add(c);
    }
    if (current.size() != 1) {
      return new InForce.NoneInForce(
          List.of(
              new Reason(
                  "ambiguous-protocol-versions",
                  "The active versions "
                      + String.join(
                          ", ", current.stream().map(c -> c.protocol().ref().version()).toList())
                      + " do not supersede one another, so none can be chosen.")));
    }
    Candidate chosen = current.get(0);
    List<Reason> notes = new ArrayList<>();
    for (Candidate c : candidates) {
      Optional<String> replaces = Optional.ofNullable(c.protocol().supersedes());
      if (!c.status().isActive()
          && replaces.isPresent()
          && replaces.get().equals(chosen.protocol().ref().version())) {
        notes.add(
            new Reason(
                "successor-not-active",
                "Version "
                    + c.protocol().ref().version()
                    + " supersedes "
                    + replaces.get()
                    + " but is not active yet, so "
                    + replaces.get()
                    + " stays in force."));
      }
    }
    return new InForce.Chosen(chosen, superseded, notes);
  }
}
