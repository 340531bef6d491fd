package org.concordat.protocols.ledger;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * A transparency-log witness, pure: for each log (origin) the last checkpoint it accepted; it
 * cosigns a new checkpoint only if a trusted log key signed it and a consistency proof shows it
 * extends the accepted one (C2SP tlog-witness add-checkpoint rules; cosignatures per C2SP
 * tlog-cosignature). Immutable: {@link #accept} returns the next state, which the caller persists
 * atomically with returning the cosignature.
 */
public final class Witness {
  private final Map<String, Checkpoint> accepted;

  private Witness(Map<String, Checkpoint> accepted) {
    this.accepted = Map.copyOf(accepted);
  }

  /** A witness that has accepted nothing yet. */
  public static Witness empty() {
    return new Witness(Map.of());
  }

  /** A witness whose accepted checkpoints (at most one per origin) are {@code checkpoints}. */
  public static Witness of(List<Checkpoint> checkpoints) {
    Map<String, Checkpoint> byOrigin = new HashMap<>();
    for (Checkpoint checkpoint : checkpoints) {
      if (byOrigin.put(checkpoint.origin(), checkpoint) != null) {
        throw new IllegalArgumentException(
            "A witness holds one checkpoint per log, and two are for " + checkpoint.origin());
      }
    }
    return new Witness(byOrigin);
  }

  /** The latest checkpoint accepted for {@code origin}. */
  public Optional<Checkpoint> latest(String origin) {
    return Optional.ofNullable(accepted.get(origin));
  }

  /** Decides on {@code note} against this witness's latest checkpoint for the note's origin. */
  public WitnessDecision decide(
      String note,
      ConsistencyProof proof,
      List<NoteVerifier> logKeys,
      Signer witnessKey,
      Instant time) {
    Checkpoint latest = null;
    try {
      latest = accepted.get(Checkpoint.parse(NoteSignatureLines.split(note).body()).origin());
    } catch (InvalidSignatureException | IllegalArgumentException e) {
      // cosign() refuses the malformed note with the right reason
    }
    return cosign(latest, note, proof, logKeys, witnessKey, time);
  }

  /** This witness after accepting {@code cosigned}'s checkpoint. */
  public Witness accept(WitnessDecision.Cosigned cosigned) {
    Map<String, Checkpoint> next = new HashMap<>(accepted);
    next.put(cosigned.checkpoint().origin(), cosigned.checkpoint());
    return new Witness(next);
  }

  /**
   * Decides whether to cosign the checkpoint in {@code note}.
   *
   * @param latestAccepted the last checkpoint accepted for this log, or null if none (the first
   *     checkpoint is trusted on first use, with an empty proof from size 0)
   * @param note the log's signed checkpoint note
   * @param proof the consistency proof from {@code latestAccepted}'s size to the note's size
   * @param logKeys the log's trusted keys
   * @param witnessKey this witness's cosigning key
   * @param time the time the cosignature states
   */
  public static WitnessDecision cosign(
      @Nullable Checkpoint latestAccepted,
      String note,
      ConsistencyProof proof,
      List<NoteVerifier> logKeys,
      Signer witnessKey,
      Instant time) {
    Objects.requireNonNull(note, "note");
    Objects.requireNonNull(proof, "proof");
    Objects.requireNonNull(logKeys, "logKeys");
    Objects.requireNonNull(witnessKey, "witnessKey");
    Objects.requireNonNull(time, "time");
    VerifiedNote opened;
    try {
      opened = SignedNote.open(note, logKeys);
    } catch (InvalidSignatureException e) {
      return refuse(WitnessDecision.Refusal.BAD_SIGNATURE, e.getMessage());
    }
    Checkpoint checkpoint;
    try {
      checkpoint = Checkpoint.parse(opened.body());
    } catch (IllegalArgumentException e) {
      return refuse(WitnessDecision.Refusal.MALFORMED, e.getMessage());
    }
    long newSize = checkpoint.size().value();
    long oldSize = latestAccepted == null ? 0 : latestAccepted.size().value();
    if (latestAccepted != null && !latestAccepted.origin().equals(checkpoint.origin())) {
      return refuse(
          WitnessDecision.Refusal.WRONG_ORIGIN,
          "The checkpoint is for " + checkpoint.origin() + ", not " + latestAccepted.origin());
    }
    if (newSize < oldSize) {
      return refuse(
          WitnessDecision.Refusal.ROLLBACK,
          "The log presented size "
              + newSize
              + " after this witness accepted size "
              + oldSize
              + ": entries were removed");
    }
    if (latestAccepted != null && newSize == oldSize) {
      if (!checkpoint.equals(latestAccepted)) {
        return refuse(
            WitnessDecision.Refusal.FORK,
            "Two checkpoints of size "
                + newSize
                + " have different roots: the log shows different histories");
      }
      if (!proof.hashesUnsafe().isEmpty()) {
        return refuse(
            WitnessDecision.Refusal.INCONSISTENT,
            "A proof between checkpoints of the same size is empty");
      }
      return cosigned(checkpoint, note, opened.body(), witnessKey, time);
    }
    if (proof.older().value() != oldSize || proof.newer().value() != newSize) {
      return refuse(
          WitnessDecision.Refusal.STALE_PROOF,
          "The proof is from "
              + proof.older()
              + " to "
              + proof.newer()
              + ", but this witness holds size "
              + oldSize
              + " and the checkpoint is size "
              + newSize);
    }
    if (latestAccepted == null) {
      if (!proof.hashesUnsafe().isEmpty()) {
        return refuse(WitnessDecision.Refusal.INCONSISTENT, "A proof from the empty tree is empty");
      }
      return cosigned(checkpoint, note, opened.body(), witnessKey, time);
    }
    try {
      MerkleProofs.verifyConsistency(latestAccepted.rootHash(), proof, checkpoint.rootHash());
    } catch (InvalidProofException e) {
      return refuse(
          WitnessDecision.Refusal.INCONSISTENT,
          "The checkpoint of size "
              + newSize
              + " is not consistent with the accepted one of size "
              + oldSize
              + ": "
              + e.getMessage());
    }
    return cosigned(checkpoint, note, opened.body(), witnessKey, time);
  }

  private static WitnessDecision cosigned(
      Checkpoint checkpoint, String note, String body, Signer witnessKey, Instant time) {
    String line = Cosignatures.line(body, witnessKey, time);
    return new WitnessDecision.Cosigned(checkpoint, note + line, line);
  }

  private static WitnessDecision refuse(WitnessDecision.Refusal reason, @Nullable String detail) {
    return new WitnessDecision.Refused(reason, detail == null ? reason.name() : detail);
  }

  @Override
  public String toString() {
    return "Witness[" + accepted.values() + "]";
  }
}
