package org.concordat.broker.ledger;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import org.concordat.adapters.crypto.BouncyCastleEd25519Signer;
import org.concordat.adapters.crypto.Ed25519KeyPair;
import org.concordat.adapters.crypto.Ed25519Keys;
import org.concordat.protocols.keys.VerifierKey;
import org.concordat.protocols.ledger.Actor;
import org.concordat.protocols.ledger.EntryType;
import org.concordat.protocols.ledger.KeyRotationBody;
import org.concordat.protocols.ledger.LedgerEntry;
import org.concordat.protocols.ledger.Signer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Replaces the ledger's checkpoint signing key. In order: a {@code key-rotation} entry naming the
 * old and the new verifier key is appended; a checkpoint covering it is signed with the OLD key (so
 * anyone trusting the old key learns the new one from the ledger itself); the new private key
 * replaces the old one in the key folder (the old public key is kept under {@code retired/}); and
 * from then on checkpoints and receipts are signed with the new key. Only the leading node rotates.
 */
class KeyRotation {
  private static final Logger log = LoggerFactory.getLogger(KeyRotation.class);

  private final RotatingSigner signer;
  private final LedgerSequencer ledger;
  private final Checkpointer checkpointer;
  private final LedgerView view;
  private final Leadership leadership;
  private final Path keysDir;
  private final String keyFileName;
  private final SecureRandom random;
  private final Clock clock;

  public KeyRotation(
      RotatingSigner signer,
      LedgerSequencer ledger,
      Checkpointer checkpointer,
      LedgerView view,
      Leadership leadership,
      Path keysDir,
      String keyFileName,
      SecureRandom random,
      Clock clock) {
    this.signer = signer;
    this.ledger = ledger;
    this.checkpointer = checkpointer;
    this.view = view;
    this.leadership = leadership;
    this.keysDir = keysDir;
    this.keyFileName = keyFileName;
    this.random = random;
    this.clock = clock;
  }

  /** What a rotation did. */
  public record Rotated(String oldKey, String newKey, long ledgerIndex, long checkpointSize) {}

  /**
   * Rotates now, on behalf of {@code actor}.
   *
   * @throws NotTheLeader if this node does not lead (another node signs checkpoints)
   */
  public synchronized Rotated rotate(Actor actor) {
    if (!leadership.isLeader()) {
      throw new NotTheLeader(
          "This node does not sign the ledger's checkpoints; rotate the key on the leading node");
    }
    Signer old = signer.get();
    Ed25519KeyPair pair = Ed25519KeyPair.generate(random);
    Signer next = new BouncyCastleEd25519Signer(old.keyName(), pair);
    VerifierKey oldKey = VerifierKey.of(old.keyName(), old.publicKey());
    VerifierKey newKey = VerifierKey.of(next.keyName(), next.publicKey());
    LedgerEntry entry =
        ledger.record(
            batch ->
                batch.append(
                    EntryType.KEY_ROTATION,
                    index -> KeyRotationBody.replacing(oldKey).with(newKey)));
    // Signed with the old key: the rotation is vouched for by the key it replaces.
    long covered =
        checkpointer
            .checkpointIfGrown()
            .map(note -> Long.parseLong(note.split("\n", 3)[1]))
            .orElse(entry.index() + 1);
    try {
      Path retired = keysDir.resolve("retired");
      Files.createDirectories(retired);
      String stamp = HexFormat.of().formatHex(old.publicKey(), 0, 4);
      Ed25519Keys.writePublicKey(
          retired.resolve(keyFileName + "-" + stamp + ".pub.pem"), old.publicKey());
      Path privateFile = Ed25519Keys.privateKeyFile(keysDir, keyFileName);
      Path publicFile = Ed25519Keys.publicKeyFile(keysDir, keyFileName);
      Files.deleteIfExists(privateFile); // the old private key is destroyed, not archived
      Files.deleteIfExists(publicFile);
      Ed25519Keys.writePrivateKey(privateFile, pair);
      Ed25519Keys.writePublicKey(publicFile, pair.publicKey());
    } catch (IOException e) {
      throw new UncheckedIOException(
          "The rotation is in the ledger (entry "
              + entry.index()
              + ") but the new key could not be saved; the old key stays in use",
          e);
    }
    signer.replaceWith(next);
    view.keysChanged();
    log.warn(
        "Ledger key rotated by {} ({}) at {}: entry {}, old key {}, new key {}",
        actor.person(),
        actor.role(),
        clock.instant(),
        entry.index(),
        oldKey.text(),
        newKey.text());
    return new Rotated(oldKey.text(), newKey.text(), entry.index(), covered);
  }
}
