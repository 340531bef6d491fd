package org.concordat.broker.agreement;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.Function;
import org.concordat.broker.ledger.LedgerSequencer;
import org.concordat.broker.web.InvalidRequest;
import org.concordat.protocols.agreement.RejoinSignature;
import org.concordat.protocols.ledger.Actor;
import org.concordat.protocols.ledger.EntryType;
import org.concordat.protocols.ledger.LedgerEntry;
import org.concordat.protocols.ledger.ProtocolEventBody;
import org.concordat.protocols.ledger.SignatureVerifier;
import org.concordat.protocols.sharing.OdsCode;
import org.concordat.protocols.sharing.PartyStanding;
import org.concordat.protocols.sharing.ProtocolRef;
import org.jspecify.annotations.Nullable;

/**
 * Suspends, withdraws or reinstates a party under the protocol in force. The change and its ledger
 * entry commit together, and the decision engine is rebuilt before the call returns, so the party's
 * flows stop (or resume) with the next decision, and what is still queued is decided again ({@link
 * ProtocolRegistry#refresh()}).
 *
 * <p>Lifting a suspension is an administrator's act with a reason. A withdrawal is the party's own
 * act: the party no longer agrees to the protocol, so no administrator can undo it. A party that
 * withdrew rejoins only by signing the protocol in force again ({@link #rejoin}), with a signature
 * that names its withdrawal ({@link RejoinSignature}), recorded as a {@code protocol-signed} entry.
 */
final class ProtocolAdministration {
  private final ProtocolRegistry registry;
  private final PartyStandingRepository standings;
  private final LedgerSequencer ledger;
  private final Function<byte[], SignatureVerifier> verifiers;
  private final Clock clock;

  public ProtocolAdministration(
      ProtocolRegistry registry,
      PartyStandingRepository standings,
      LedgerSequencer ledger,
      Function<byte[], SignatureVerifier> verifiers,
      Clock clock) {
    this.registry = registry;
    this.standings = standings;
    this.ledger = ledger;
    this.verifiers = verifiers;
    this.clock = clock;
  }

  /** The result: the ledger entry that records the change and the protocol now in force. */
  public record StandingChanged(long ledgerIndex, ActiveProtocol protocol) {}

  /**
   * @throws InvalidRequest if the party is not a party to the protocol in force, or the reason is
   *     blank
   */
  public StandingChanged changeStanding(
      OdsCode party, PartyStanding.Status status, String reason, Actor actor) {
    ActiveProtocol active = registry.get();
    ProtocolRef protocol = active.protocol().ref();
    if (active.protocol().party(party).isEmpty()) {
      throw new InvalidRequest(
          party + " is not a party to protocol " + protocol.id() + " " + protocol.version());
    }
    if (reason == null || reason.isBlank()) {
      throw new InvalidRequest("A change of standing needs a reason");
    }
    PartyStanding current = active.standings().getOrDefault(party, PartyStanding.active());
    if (current.statusAt(clock.instant()) == PartyStanding.Status.WITHDRAWN) {
      throw new ProtocolAdministrationException(
          ProtocolAdministrationException.Kind.CONFLICT,
          List.of(
              party
                  + " withdrew from protocol "
                  + protocol.id()
                  + " "
                  + protocol.version()
                  + " on "
                  + current.since()
                  + ". A withdrawal is the party's own act, so an administrator cannot undo it: "
                  + party
                  + " rejoins only by signing the protocol in force again, naming its withdrawal"
                  + " (ledger entry "
                  + standings.ledgerIndex(protocol.sha256(), party).map(String::valueOf).orElse("?")
                  + "): java -jar concordat-broker.jar protocol sign --rejoin-after <index>, then"
                  + " POST /api/protocol/signatures."));
    }
    EntryType type =
        switch (status) {
          case SUSPENDED -> EntryType.PROTOCOL_SUSPENDED;
          case WITHDRAWN -> EntryType.PROTOCOL_WITHDRAWN;
          case ACTIVE -> EntryType.PARTY_REINSTATED;
        };
    Instant since = clock.instant();
    LedgerEntry entry =
        ledger.record(
            batch -> {
              // Read in the ledger's transaction: a withdrawal committed meanwhile stands.
              PartyStanding stored = standings.standings(protocol.sha256()).get(party);
              if (stored != null && stored.status() == PartyStanding.Status.WITHDRAWN) {
                throw new ProtocolAdministrationException(
                    ProtocolAdministrationException.Kind.CONFLICT,
                    List.of(party + " withdrew meanwhile; it rejoins only by signing again."));
              }
              LedgerEntry appended =
                  batch.append(
                      type, index -> new ProtocolEventBody(protocol, party, actor, reason.strip()));
              batch.insert(
                  standingIndex ->
                      standings.save(
                          protocol.sha256(),
                          party,
                          status,
                          since,
                          reason.strip(),
                          actor.person() + " (" + actor.role() + ")",
                          standingIndex),
                  appended.index());
              return appended;
            });
    return new StandingChanged(entry.index(), registry.refresh());
  }

  /**
   * A withdrawn party rejoins the protocol in force with its new signature: a {@code
   * protocol-signed} entry records it and the party's standing becomes active in the same
   * transaction, then the protocol is evaluated again (in force once nobody else stands in the
   * way).
   *
   * @param submitter who submitted the signature (the party's own system or an administrator)
   * @param submittingPartner the partner whose system submitted it, or null for an administrator; a
   *     partner submits only its own signature
   * @throws ProtocolAdministrationException if the party has not withdrawn, the caller may not
   *     submit for it, or the signature does not count
   */
  public StandingChanged rejoin(
      RejoinSignature signature, Actor submitter, @Nullable OdsCode submittingPartner) {
    OdsCode party = signature.party();
    if (submittingPartner != null && !submittingPartner.equals(party)) {
      throw new ProtocolAdministrationException(
          ProtocolAdministrationException.Kind.FORBIDDEN,
          List.of(
              "You are authenticated as "
                  + submittingPartner
                  + "; a partner submits only its own signature, not "
                  + party
                  + "'s."));
    }
    ActiveProtocol active = registry.get();
    ProtocolRef protocol = active.protocol().ref();
    if (active.protocol().party(party).isEmpty()) {
      throw new ProtocolAdministrationException(
          ProtocolAdministrationException.Kind.INVALID,
          List.of(
              party + " is not a party to protocol " + protocol.id() + " " + protocol.version()));
    }
    PartyStanding current = active.standings().getOrDefault(party, PartyStanding.active());
    Long withdrawal = standings.ledgerIndex(protocol.sha256(), party).orElse(null);
    if (current.statusAt(clock.instant()) != PartyStanding.Status.WITHDRAWN || withdrawal == null) {
      throw new ProtocolAdministrationException(
          ProtocolAdministrationException.Kind.CONFLICT,
          List.of(
              party
                  + " has not withdrawn from protocol "
                  + protocol.id()
                  + " "
                  + protocol.version()
                  + ", so there is nothing to rejoin; its signature of the protocol stands."));
    }
    List<String> problems = signature.problems(active.protocol(), withdrawal, verifiers);
    if (!problems.isEmpty()) {
      throw new ProtocolAdministrationException(
          ProtocolAdministrationException.Kind.INVALID, problems);
    }
    String reason =
        "Signed "
            + protocol.id()
            + " "
            + protocol.version()
            + " again with the key "
            + signature.key().name()
            + "+"
            + String.format("%08x", signature.key().keyId())
            + " to rejoin after withdrawing (ledger entry "
            + withdrawal
            + "); submitted by "
            + submitter.person()
            + " ("
            + submitter.role()
            + ").";
    Actor signatory = new Actor(signature.key().name(), "protocol-signatory");
    Instant since = clock.instant();
    LedgerEntry entry =
        ledger.record(
            batch -> {
              // Read in the ledger's transaction: a second submission of the same rejoin fails.
              if (!standings
                  .ledgerIndex(protocol.sha256(), party)
                  .equals(java.util.Optional.of(withdrawal))) {
                throw new ProtocolAdministrationException(
                    ProtocolAdministrationException.Kind.CONFLICT,
                    List.of(party + "'s standing changed meanwhile; read it again."));
              }
              LedgerEntry appended =
                  batch.append(
                      EntryType.PROTOCOL_SIGNED,
                      index -> new ProtocolEventBody(protocol, party, signatory, reason));
              batch.insert(
                  standingIndex ->
                      standings.save(
                          protocol.sha256(),
                          party,
                          PartyStanding.Status.ACTIVE,
                          since,
                          reason,
                          submitter.person() + " (" + submitter.role() + ")",
                          standingIndex),
                  appended.index());
              return appended;
            });
    return new StandingChanged(entry.index(), registry.refresh());
  }
}
