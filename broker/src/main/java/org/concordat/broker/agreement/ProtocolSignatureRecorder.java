package org.concordat.broker.agreement;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import org.concordat.broker.ledger.LedgerRepository;
import org.concordat.broker.ledger.LedgerSequencer;
import org.concordat.protocols.agreement.PartySignatureStatus;
import org.concordat.protocols.ledger.Actor;
import org.concordat.protocols.ledger.EntryType;
import org.concordat.protocols.ledger.LedgerEntry;
import org.concordat.protocols.ledger.ProtocolEventBody;
import org.concordat.protocols.sharing.ProtocolRef;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Records in the ledger each party's valid signature of the protocol version the broker enforces,
 * once: a {@code protocol-signed} entry naming the exact version (with its hash), the party and the
 * key it signed with. Run at start-up and whenever the protocol is read again, so the ledger shows
 * which agreement every later decision was made under, and who agreed to it.
 */
class ProtocolSignatureRecorder {
  private static final Logger log = LoggerFactory.getLogger(ProtocolSignatureRecorder.class);

  private final Supplier<ActiveProtocol> protocol;
  private final LedgerRepository entries;
  private final LedgerSequencer ledger;

  public ProtocolSignatureRecorder(
      Supplier<ActiveProtocol> protocol, LedgerRepository entries, LedgerSequencer ledger) {
    this.protocol = protocol;
    this.entries = entries;
    this.ledger = ledger;
  }

  /** Appends an entry for every valid signature not yet recorded; returns how many. */
  public synchronized int recordNewSignatures() {
    ActiveProtocol active = protocol.get();
    ProtocolRef ref = active.protocol().ref();
    Set<String> recorded = new HashSet<>();
    for (LedgerRepository.StoredEntry stored :
        entries.entriesOfType(EntryType.PROTOCOL_SIGNED.wireName())) {
      ProtocolEventBody body = (ProtocolEventBody) LedgerEntry.parse(stored.bytes()).body();
      recorded.add(body.protocol().sha256() + " " + body.party().value());
    }
    List<ProtocolEventBody> missing = new ArrayList<>();
    for (PartySignatureStatus party : active.status().parties()) {
      if (party.signed()
          && party.key() != null
          && !recorded.contains(ref.sha256() + " " + party.party().value())) {
        missing.add(
            new ProtocolEventBody(
                ref,
                party.party(),
                new Actor(party.key().name(), "protocol-signatory"),
                "Signed the canonical form of "
                    + ref.id()
                    + " "
                    + ref.version()
                    + " with the key "
                    + party.key().name()
                    + "+"
                    + String.format("%08x", party.key().keyId())
                    + "."));
      }
    }
    if (missing.isEmpty()) {
      return 0;
    }
    ledger.record(
        batch -> {
          missing.forEach(body -> batch.append(EntryType.PROTOCOL_SIGNED, index -> body));
          return missing.size();
        });
    log.info(
        "Recorded {} signature(s) of protocol {} {} in the ledger",
        missing.size(),
        ref.id(),
        ref.version());
    return missing.size();
  }
}
