package org.concordat.broker.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.Callable;
import org.concordat.adapters.crypto.BouncyCastleEd25519Signer;
import org.concordat.adapters.crypto.BouncyCastleEd25519Verifier;
import org.concordat.adapters.crypto.Ed25519Keys;
import org.concordat.protocols.keys.VerifierKey;
import org.concordat.protocols.ledger.Checkpoint;
import org.concordat.protocols.ledger.ConsistencyProof;
import org.concordat.protocols.ledger.NoteVerifier;
import org.concordat.protocols.ledger.TreeSize;
import org.concordat.protocols.ledger.Witness;
import org.concordat.protocols.ledger.WitnessDecision;
import org.jspecify.annotations.Nullable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code witness}: a partner checks the broker's newest checkpoint against the last one it accepted
 * (consistency proof), and if the log only grew, cosigns it with its protocol key and hands the
 * cosignature back. A fork or rollback is refused and reported (exit 1); the state file keeps the
 * last accepted checkpoint between runs (run it from cron or a timer).
 */
@Command(
    name = "witness",
    mixinStandardHelpOptions = true,
    description =
        "Witness the broker's ledger as a partner: verify the newest checkpoint is consistent with"
            + " the last one accepted, cosign it, and return the cosignature.")
final class WitnessCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @CommandLine.Mixin LedgerCommand.BrokerConnectionMixin connection;

  @Option(names = "--key", required = true, description = "your Ed25519 private key (PKCS#8 PEM)")
  Path key;

  @Option(
      names = "--key-name",
      required = true,
      description = "the name of that key as your party declares it in the protocol")
  String keyName;

  @Option(
      names = "--state",
      required = true,
      description = "file keeping the last checkpoint you accepted")
  Path state;

  @Option(
      names = "--log-key",
      description =
          "the broker's checkpoint verifier key to trust (name+hash+base64); default: the one the"
              + " state file pinned, or on the first run the one the broker serves")
  @Nullable String logKey;

  @Option(
      names = "--alert-file",
      description =
          "append each refusal here as one JSON line (kept by you: a broker that forked its log"
              + " cannot be trusted to report it)")
  @Nullable Path alertFile;

  /** Keeps the refusal where the partner can see it, and reports it to the partnership. */
  private void raiseAlert(
      LedgerCommand.BrokerConnection broker,
      WitnessDecision.Refused refused,
      @Nullable Checkpoint accepted,
      String offered,
      PrintWriter err)
      throws IOException {
    ObjectMapper json = new ObjectMapper();
    com.fasterxml.jackson.databind.node.ObjectNode alert = json.createObjectNode();
    alert.put("reason", refused.reason().name());
    alert.put("detail", refused.detail());
    if (accepted != null) {
      alert.put("acceptedSize", accepted.size().value());
    }
    alert.put("offeredNote", offered);
    if (alertFile != null) {
      com.fasterxml.jackson.databind.node.ObjectNode line = alert.deepCopy();
      line.put("time", Instant.now().toString());
      Files.writeString(
          alertFile,
          line + "\n",
          StandardCharsets.UTF_8,
          java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
    }
    try {
      broker.create("/api/ledger/witness-alerts", alert.toString());
      err.println("Alert reported to the broker (topic ledger-alerts for the partnership)");
    } catch (IOException e) {
      err.println("The alert could not be reported to the broker: " + e.getMessage());
    }
  }

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    LedgerCommand.BrokerConnection broker = connection.broker();
    Path pinnedKey = state.resolveSibling(state.getFileName() + ".log-key");
    String trusted = logKey;
    if (trusted == null && Files.exists(pinnedKey)) {
      trusted = Files.readString(pinnedKey).strip();
    }
    if (trusted == null) {
      trusted = new String(broker.get("/api/ledger/keys"), StandardCharsets.UTF_8).strip();
      err.println("witness: trusting the broker's key on first use: " + trusted);
    }
    VerifierKey verifierKey = VerifierKey.parse(trusted);
    List<NoteVerifier> logKeys =
        List.of(
            new NoteVerifier(
                verifierKey.name(), new BouncyCastleEd25519Verifier(verifierKey.publicKey())));
    Checkpoint accepted = Files.exists(state) ? Checkpoint.parse(Files.readString(state)) : null;
    String note = new String(broker.get("/api/ledger/checkpoint"), StandardCharsets.UTF_8);
    long newSize = Long.parseLong(note.split("\n")[1]);
    long oldSize = accepted == null ? 0 : accepted.size().value();
    List<byte[]> hashes = new ArrayList<>();
    if (oldSize > 0 && newSize > oldSize) {
      JsonNode proof =
          new ObjectMapper()
              .readTree(
                  broker.get("/api/ledger/proof/consistency?from=" + oldSize + "&to=" + newSize));
      proof.path("hashes").forEach(h -> hashes.add(Base64.getDecoder().decode(h.asText())));
    }
    ConsistencyProof consistency =
        new ConsistencyProof(TreeSize.of(oldSize), TreeSize.of(Math.max(oldSize, newSize)), hashes);
    WitnessDecision decision =
        Witness.cosign(
            accepted,
            note,
            consistency,
            logKeys,
            new BouncyCastleEd25519Signer(keyName, Ed25519Keys.readPrivateKey(key)),
            Instant.now());
    if (decision instanceof WitnessDecision.Refused refused) {
      err.println("REFUSED (" + refused.reason() + "): " + refused.detail());
      raiseAlert(broker, refused, accepted, note, err);
      return ExitCodes.NO;
    }
    WitnessDecision.Cosigned cosigned = (WitnessDecision.Cosigned) decision;
    broker.post("/api/ledger/cosignatures", cosigned.note());
    Files.writeString(state, cosigned.checkpoint().body());
    Files.writeString(pinnedKey, trusted + "\n");
    out.println(
        "Cosigned "
            + cosigned.checkpoint().origin()
            + " at tree size "
            + cosigned.checkpoint().size().value()
            + (oldSize > 0 ? " (consistent with " + oldSize + ")" : ""));
    return ExitCodes.OK;
  }
}
