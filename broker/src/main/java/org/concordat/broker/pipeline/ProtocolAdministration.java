package org.concordat.broker.pipeline;

import java.time.Clock;
import java.time.Instant;
import org.concordat.broker.persistence.PartyStandingRepository;
import org.concordat.protocols.ledger.Actor;
import org.concordat.protocols.ledger.EntryType;
import org.concordat.protocols.ledger.LedgerEntry;
import org.concordat.protocols.ledger.ProtocolEventBody;
import org.concordat.protocols.sharing.OdsCode;
import org.concordat.protocols.sharing.PartyStanding;
import org.concordat.protocols.sharing.ProtocolRef;

/**
 * Suspends, withdraws or reinstates a party under the protocol in force. The change and its ledger
 * entry commit together, and the decision engine is rebuilt before the call returns, so the party's
 * flows stop (or resume) with the next decision.
 */
public final class ProtocolAdministration {
  private final ProtocolRegistry registry;
  private final PartyStandingRepository standings;
  private final LedgerSequencer ledger;
  private final Clock clock;

  public ProtocolAdministration(
      ProtocolRegistry registry,
      PartyStandingRepository standings,
      LedgerSequencer ledger,
      Clock clock) {
    this.registry = registry;
    this.standings = standings;
    this.ledger = ledger;
    this.clock = clock;
  }

  /** The result: the ledger entry that records the change and the protocol now in force. */
  public record StandingChanged(long ledgerIndex, ActiveProtocol protocol) {}

  /**
   * @throws IllegalArgumentException if the party is not a party to the protocol in force, or the
   *     reason is blank
   */
  public StandingChanged changeStanding(
      OdsCode party, PartyStanding.Status status, String reason, Actor actor) {
    ActiveProtocol active = registry.get();
    ProtocolRef protocol = active.protocol().ref();
    if (active.protocol().party(party).isEmpty()) {
      throw new IllegalArgumentException(
          party + " is not a party to protocol " + protocol.id() + " " + protocol.version());
    }
    if (reason == null || reason.isBlank()) {
      throw new IllegalArgumentException("A change of standing needs a reason");
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
              LedgerEntry appended =
                  batch.append(
                      type, index -> new ProtocolEventBody(protocol, party, actor, reason.strip()));
              batch.afterEntries(
                  () ->
                      standings.save(
                          protocol.sha256(),
                          party,
                          status,
                          since,
                          reason.strip(),
                          actor.person() + " (" + actor.role() + ")",
                          appended.index()));
              return appended;
            });
    return new StandingChanged(entry.index(), registry.refresh());
  }
}
