package org.concordat.protocols.ledger;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * C2SP tlog-cosignature (cosignature/v1, Ed25519): a witness's signature line on a checkpoint note,
 * {@code — <witness name> base64(key id ‖ u64 timestamp ‖ signature)}, where the signature is over
 * {@code "cosignature/v1\ntime <timestamp>\n"} followed by the checkpoint body. The timestamp
 * (POSIX seconds) is an input: the core reads no clock.
 */
public final class Cosignatures {
  private static final int ED25519_SIGNATURE_SIZE = 64;

  private Cosignatures() {}

  /** A cosignature that verified: whose, and the time it states. */
  public record Verified(String keyName, Instant time) {
    public Verified {
      Objects.requireNonNull(keyName, "keyName");
      Objects.requireNonNull(time, "time");
    }
  }

  /** The message a cosigner signs for {@code checkpointBody} at {@code timestamp} seconds. */
  static byte[] message(String checkpointBody, long timestamp) {
    return ("cosignature/v1\ntime " + timestamp + "\n" + checkpointBody)
        .getBytes(StandardCharsets.UTF_8);
  }

  /**
   * The cosignature line (ending in a newline) by {@code witnessKey} on the checkpoint whose note
   * text is {@code checkpointBody}, stating {@code time} (whole seconds; a fraction is dropped).
   */
  public static String line(String checkpointBody, Signer witnessKey, Instant time) {
    Objects.requireNonNull(checkpointBody, "checkpointBody");
    Objects.requireNonNull(witnessKey, "witnessKey");
    long timestamp = Objects.requireNonNull(time, "time").getEpochSecond();
    if (timestamp < 0) {
      throw new IllegalArgumentException("A cosignature time is after 1970");
    }
    String name = witnessKey.keyName();
    byte[] signature = witnessKey.sign(message(checkpointBody, timestamp));
    if (signature.length != ED25519_SIGNATURE_SIZE) {
      throw new IllegalStateException(
          "The signer " + name + " returned " + signature.length + " bytes, not Ed25519");
    }
    byte[] blob =
        ByteBuffer.allocate(4 + 8 + ED25519_SIGNATURE_SIZE)
            .putInt(CosignerKey.keyId(name, witnessKey.publicKey()))
            .putLong(timestamp)
            .put(signature)
            .array();
    return NoteSignatureLines.DASH + name + " " + Base64.getEncoder().encodeToString(blob) + "\n";
  }

  /** {@code note} (a signed note) with {@code witnessKey}'s cosignature line added at the end. */
  public static String cosign(String note, Signer witnessKey, Instant time)
      throws InvalidSignatureException {
    NoteSignatureLines.Split split = NoteSignatureLines.split(note);
    return note + line(split.body(), witnessKey, time);
  }

  /**
   * The cosignatures on {@code note} by the given witnesses that verify. Lines by other keys
   * (including the log's own signature) are ignored; the log's signature is checked separately with
   * {@link SignedNote#open}.
   *
   * @throws InvalidSignatureException if the note is malformed or a known witness's cosignature
   *     does not verify
   */
  public static List<Verified> open(String note, List<CosignerKey> witnesses)
      throws InvalidSignatureException {
    Map<String, CosignerKey> known = new HashMap<>();
    for (CosignerKey witness : witnesses) {
      known.put(witness.keyName() + "+" + witness.keyId(), witness);
    }
    NoteSignatureLines.Split split = NoteSignatureLines.split(note);
    List<Verified> verified = new ArrayList<>();
    for (NoteSignatureLines.Line line : split.lines()) {
      CosignerKey witness = known.get(line.keyName() + "+" + line.keyId());
      if (witness == null) {
        continue;
      }
      if (line.blob().length != 4 + 8 + ED25519_SIGNATURE_SIZE) {
        throw new InvalidSignatureException(
            "The cosignature by " + line.keyName() + " is not a timestamped Ed25519 signature");
      }
      ByteBuffer blob = ByteBuffer.wrap(line.blob());
      blob.getInt();
      long timestamp = blob.getLong();
      if (timestamp < 0) {
        throw new InvalidSignatureException(
            "The cosignature by " + line.keyName() + " has a timestamp beyond 2^63 - 1");
      }
      byte[] signature = new byte[ED25519_SIGNATURE_SIZE];
      blob.get(signature);
      try {
        witness.verifier().verify(message(split.body(), timestamp), signature);
      } catch (InvalidSignatureException e) {
        throw new InvalidSignatureException(
            "The cosignature by " + line.keyName() + " does not verify", e);
      }
      verified.add(new Verified(line.keyName(), Instant.ofEpochSecond(timestamp)));
    }
    return verified;
  }
}
