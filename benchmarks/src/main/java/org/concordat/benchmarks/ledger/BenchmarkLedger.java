package org.concordat.benchmarks.ledger;

import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.EdECPublicKey;
import java.security.spec.EdECPoint;
import java.security.spec.EdECPublicKeySpec;
import java.security.spec.NamedParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.concordat.protocols.decision.Reason;
import org.concordat.protocols.ledger.Checkpoint;
import org.concordat.protocols.ledger.CompactRange;
import org.concordat.protocols.ledger.DisclosureBody;
import org.concordat.protocols.ledger.EntryType;
import org.concordat.protocols.ledger.InvalidSignatureException;
import org.concordat.protocols.ledger.LedgerEntry;
import org.concordat.protocols.ledger.MerkleHash;
import org.concordat.protocols.ledger.NoteVerifier;
import org.concordat.protocols.ledger.SignatureVerifier;
import org.concordat.protocols.ledger.SignedNote;
import org.concordat.protocols.ledger.Signer;
import org.concordat.protocols.ledger.SubjectKey;
import org.concordat.protocols.sharing.CategoryCode;
import org.concordat.protocols.sharing.OdsCode;
import org.concordat.protocols.sharing.ProtocolRef;
import org.concordat.protocols.sharing.PurposeCode;

/**
 * A realistic exported ledger for the benchmarks: disclosure entries (half of them relying on
 * consent directives, as the broker writes them once consent is recorded), some delivery
 * cancellations, a signed checkpoint.
 */
final class BenchmarkLedger {
  static final String ORIGIN = "concordat.example/ledger";

  final List<byte[]> entries;
  final List<String> checkpointNotes;
  final List<NoteVerifier> keys;
  final long totalBytes;

  private BenchmarkLedger(List<byte[]> entries, List<String> notes, List<NoteVerifier> keys) {
    this.entries = entries;
    this.checkpointNotes = notes;
    this.keys = keys;
    long total = 0;
    for (byte[] entry : entries) {
      total += entry.length;
    }
    this.totalBytes = total;
  }

  /**
   * {@code count} entries of about 900 bytes: permit-with-redactions disclosures with two reasons;
   * every other one carries {@code consents} (every tenth two references), and every twentieth is a
   * {@code delivery-cancelled} entry.
   */
  static BenchmarkLedger of(int count) {
    JdkEd25519 key = JdkEd25519.generate(ORIGIN);
    List<byte[]> entries = new ArrayList<>(count);
    CompactRange range = CompactRange.empty();
    Instant start = Instant.parse("2026-03-02T10:15:30.123Z");
    for (int i = 0; i < count; i++) {
      DisclosureBody body =
          new DisclosureBody(
              String.format("msg-%08d", i),
              OdsCode.of("RXA"),
              OdsCode.of("XLA001"),
              PurposeCode.of("hospital-discharge"),
              "permit-with-redactions",
              List.of(
                  new Reason(
                      "flow-matched",
                      "The protocol northmoor-integrated-care 1.0.0 has a flow from RXA to XLA001"
                          + " for purpose hospital-discharge with categories demographics,"
                          + " encounter."),
                  new Reason(
                      "legal-basis", "UK GDPR Art 6(1)(e); Art 9(2)(h); Care Act 2014 Schedule 3")),
              new ProtocolRef("northmoor-integrated-care", "1.0.0", "ab".repeat(32)),
              new SubjectKey(String.format("%064x", i * 2654435761L)),
              String.format("%064x", i * 40503L + 7),
              Set.of(CategoryCode.of("demographics"), CategoryCode.of("encounter")),
              Map.of(
                  CategoryCode.of("contacts"),
                  new Reason(
                      "category-not-in-flow",
                      "The flow from RXA to XLA001 for purpose hospital-discharge does not"
                          + " include the category contacts.")),
              consents(i));
      EntryType type = i % 20 == 19 ? EntryType.DELIVERY_CANCELLED : EntryType.DISCLOSURE;
      byte[] bytes = new LedgerEntry(i, start.plusMillis(i * 37L), type, body).canonicalBytes();
      entries.add(bytes);
      range.appendLeaf(MerkleHash.leafHash(bytes));
    }
    Checkpoint checkpoint = new Checkpoint(ORIGIN, range.size(), range.root());
    String note = SignedNote.sign(checkpoint.body(), List.of(key));
    return new BenchmarkLedger(
        List.copyOf(entries), List.of(note), List.of(new NoteVerifier(ORIGIN, key)));
  }

  /** The consent references of entry {@code i}, in the form the broker writes them. */
  private static List<String> consents(int i) {
    if (i % 2 == 1) {
      return List.of();
    }
    String consent = String.format("Consent/%032x/_history/%d", i * 2246822519L, 1 + i % 3);
    if (i % 10 == 0) {
      return List.of(consent, String.format("BreakGlass/%032x", i * 3266489917L));
    }
    return List.of(consent);
  }

  /** An Ed25519 key on the JDK provider (benchmarks only; production keys are in adapters). */
  static final class JdkEd25519 implements Signer, SignatureVerifier {
    private final String name;
    private final KeyPair pair;
    private final byte[] raw;

    private JdkEd25519(String name, KeyPair pair) {
      this.name = name;
      this.pair = pair;
      EdECPoint point = ((EdECPublicKey) pair.getPublic()).getPoint();
      byte[] bigEndian = point.getY().toByteArray();
      raw = new byte[32];
      for (int i = 0; i < bigEndian.length && i < 32; i++) {
        raw[i] = bigEndian[bigEndian.length - 1 - i];
      }
      if (point.isXOdd()) {
        raw[31] |= (byte) 0x80;
      }
    }

    static JdkEd25519 generate(String name) {
      try {
        return new JdkEd25519(name, KeyPairGenerator.getInstance("Ed25519").generateKeyPair());
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public String keyName() {
      return name;
    }

    @Override
    public byte[] publicKey() {
      return raw.clone();
    }

    @Override
    public byte[] sign(byte[] message) {
      try {
        Signature ed25519 = Signature.getInstance("Ed25519");
        ed25519.initSign(pair.getPrivate());
        ed25519.update(message);
        return ed25519.sign();
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException(e);
      }
    }

    @Override
    public void verify(byte[] message, byte[] signature) throws InvalidSignatureException {
      try {
        Signature ed25519 = Signature.getInstance("Ed25519");
        ed25519.initVerify(publicKeyFromRaw());
        ed25519.update(message);
        if (!ed25519.verify(signature)) {
          throw new InvalidSignatureException("The Ed25519 signature does not verify");
        }
      } catch (GeneralSecurityException e) {
        throw new InvalidSignatureException("The Ed25519 signature is malformed", e);
      }
    }

    private PublicKey publicKeyFromRaw() throws GeneralSecurityException {
      boolean xOdd = (raw[31] & 0x80) != 0;
      byte[] bigEndian = new byte[32];
      for (int i = 0; i < 32; i++) {
        bigEndian[i] = raw[31 - i];
      }
      bigEndian[0] &= 0x7f;
      return KeyFactory.getInstance("Ed25519")
          .generatePublic(
              new EdECPublicKeySpec(
                  NamedParameterSpec.ED25519, new EdECPoint(xOdd, new BigInteger(1, bigEndian))));
    }
  }
}
