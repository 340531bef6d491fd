package org.concordat.broker.witness;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;
import org.concordat.adapters.logging.LogSafe;
import org.concordat.broker.agreement.ActiveProtocol;
import org.concordat.broker.ledger.LedgerRepository;
import org.concordat.broker.ledger.LedgerRepository.StoredCheckpoint;
import org.concordat.broker.web.InvalidRequest;
import org.concordat.protocols.keys.VerifierKey;
import org.concordat.protocols.ledger.Checkpoint;
import org.concordat.protocols.ledger.Cosignatures;
import org.concordat.protocols.ledger.CosignerKey;
import org.concordat.protocols.ledger.InvalidSignatureException;
import org.concordat.protocols.ledger.SignatureVerifier;
import org.concordat.protocols.ledger.SignedNote;
import org.concordat.protocols.ledger.WitnessDecision;
import org.concordat.protocols.sharing.OdsCode;
import org.concordat.protocols.sharing.Party;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;

/**
 * Cosignatures from partners acting as witnesses. A partner's witness key is one of the signing
 * keys it declared in the protocol in force; a cosignature is accepted only on a checkpoint this
 * broker signed, byte for byte, and only from the authenticated partner's own key.
 */
final class WitnessRegistry {
  private static final Logger log = LoggerFactory.getLogger(WitnessRegistry.class);

  private final LedgerRepository ledger;
  private final Supplier<ActiveProtocol> protocol;
  private final Function<byte[], SignatureVerifier> verifiers;
  private final Clock clock;
  private final ApplicationEventPublisher events;

  public WitnessRegistry(
      LedgerRepository ledger,
      Supplier<ActiveProtocol> protocol,
      Function<byte[], SignatureVerifier> verifiers,
      Clock clock,
      ApplicationEventPublisher events) {
    this.ledger = ledger;
    this.protocol = protocol;
    this.verifiers = verifiers;
    this.clock = clock;
    this.events = events;
  }

  /** What a witness reports when it refuses a checkpoint. */
  public record AlertReport(
      @Nullable String reason,
      @Nullable String detail,
      @Nullable Long acceptedSize,
      @Nullable String offeredNote) {}

  /**
   * Records and publishes the alert a partner's witness raised, and logs it as an error: a fork or
   * a rollback means the ledger's history is in doubt.
   *
   * @throws InvalidRequest if the report is incomplete or its reason is not a refusal
   */
  public WitnessAlert raise(OdsCode witness, AlertReport report) {
    if (report.reason() == null || report.detail() == null || report.offeredNote() == null) {
      throw new InvalidRequest("reason, detail and offeredNote are required");
    }
    WitnessDecision.Refusal reason;
    try {
      reason = WitnessDecision.Refusal.valueOf(report.reason());
    } catch (IllegalArgumentException e) {
      throw new InvalidRequest(
          "reason is one of " + java.util.Arrays.toString(WitnessDecision.Refusal.values()));
    }
    if (report.detail().length() > 2000 || report.offeredNote().length() > 8000) {
      throw new InvalidRequest("detail is at most 2000 and offeredNote 8000 characters");
    }
    requireCheckpointNote(report.offeredNote());
    WitnessAlert alert =
        new WitnessAlert(
            UUID.randomUUID().toString(),
            witness.value(),
            reason.name(),
            report.detail(),
            report.acceptedSize());
    ledger.saveWitnessAlert(
        new LedgerRepository.WitnessAlertRow(
            alert.id(),
            witness.value(),
            reason.name(),
            report.detail(),
            report.acceptedSize(),
            report.offeredNote(),
            clock.instant()));
    log.error(
        "Witness {} refused a checkpoint: {} ({}); the ledger's history is in doubt until this is"
            + " explained",
        witness,
        reason,
        LogSafe.field(report.detail()));
    events.publishEvent(alert);
    return alert;
  }

  /**
   * An alert must carry the checkpoint it is about: a signed checkpoint note (origin, size and root
   * hash, a blank line, signature lines), whoever signed it. Anything else is refused, so the IG
   * list holds only alerts about real notes.
   *
   * @throws InvalidRequest saying what is wrong, never quoting the note
   */
  static void requireCheckpointNote(String note) {
    try {
      SignedNote.requireWellFormed(note);
      int blank = note.lastIndexOf("\n\n");
      Checkpoint.parse(note.substring(0, blank + 1));
    } catch (InvalidSignatureException | IllegalArgumentException e) {
      throw new InvalidRequest(
          "offeredNote is not a signed checkpoint note (origin, tree size and root hash lines, a"
              + " blank line, then signature lines)");
    }
  }

  /** The alerts witnesses raised, newest first. */
  public List<LedgerRepository.WitnessAlertRow> alerts() {
    return ledger.witnessAlerts(200);
  }

  /** What was stored: the checkpoint size and the witness key that cosigned it. */
  public record Accepted(long treeSize, String keyName) {}

  /**
   * Stores {@code witness}'s cosignature carried on {@code note} (the checkpoint note with the
   * witness's cosignature line added).
   *
   * @throws InvalidRequest saying why the cosignature is not accepted
   */
  public Accepted accept(OdsCode witness, String note) {
    int blank = note.indexOf("\n\n");
    if (blank < 0) {
      throw new InvalidRequest("The body is not a signed note");
    }
    Checkpoint checkpoint;
    try {
      checkpoint = Checkpoint.parse(note.substring(0, blank + 1));
    } catch (IllegalArgumentException e) {
      throw new InvalidRequest(
          "The body is not a signed checkpoint note (origin, tree size and root hash lines, a"
              + " blank line, then signature lines)");
    }
    StoredCheckpoint stored =
        ledger
            .checkpoint(checkpoint.size().value())
            .filter(c -> c.signedNote().startsWith(note.substring(0, blank + 1)))
            .orElseThrow(
                () ->
                    new InvalidRequest(
                        "This broker signed no checkpoint with that body at size "
                            + checkpoint.size().value()));
    List<CosignerKey> keys = witnessKeys(witness);
    if (keys.isEmpty()) {
      throw new InvalidRequest(witness + " declares no signing key in the protocol");
    }
    List<Cosignatures.Verified> verified;
    try {
      verified = Cosignatures.open(note, keys);
    } catch (InvalidSignatureException | IllegalArgumentException e) {
      // The note is the partner's text: a line the core cannot read is the partner's fault too.
      throw new InvalidRequest("The cosignature does not verify: " + e.getMessage());
    }
    if (verified.isEmpty()) {
      throw new InvalidRequest(
          "The note carries no cosignature by a key " + witness + " declared in the protocol");
    }
    String keyName = verified.get(0).keyName();
    Optional<String> line =
        note.lines().filter(l -> l.startsWith("\u2014 " + keyName + " ")).findFirst();
    ledger.saveCosignature(
        stored.treeSize(), witness.value(), keyName, line.orElseThrow(), clock.instant());
    return new Accepted(stored.treeSize(), keyName);
  }

  /** How far one partner has cosigned as a witness. */
  public record Progress(
      String witness, long largestCosignedSize, java.time.Instant lastCosigned) {}

  /** Per partner, the largest checkpoint it has cosigned. */
  public List<Progress> progress() {
    return ledger.witnessProgress().stream()
        .map(p -> new Progress(p.witnessOds(), p.largestCosignedSize(), p.lastCosigned()))
        .toList();
  }

  private List<CosignerKey> witnessKeys(OdsCode witness) {
    List<CosignerKey> keys = new ArrayList<>();
    Optional<Party> party = protocol.get().protocol().party(witness);
    for (VerifierKey key : party.map(Party::signingKeys).orElse(List.of())) {
      keys.add(new CosignerKey(key.name(), verifiers.apply(key.publicKey())));
    }
    return keys;
  }
}
