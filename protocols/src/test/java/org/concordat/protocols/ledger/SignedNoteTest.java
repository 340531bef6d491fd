package org.concordat.protocols.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Objects;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SignedNoteTest {
  private static JsonNode go;
  private static Ed25519TestKey peter;

  @BeforeAll
  static void readKnownAnswer() throws IOException {
    try (InputStream in =
        Objects.requireNonNull(
            SignedNoteTest.class.getResourceAsStream("/vectors/note/go-sumdb-note.json"))) {
      go = new ObjectMapper().readTree(in);
    }
    String[] signerKey = go.get("signerKey").asText().split("\\+", 5);
    byte[] typedSeed = Base64.getDecoder().decode(signerKey[4]);
    assertThat(typedSeed[0]).isEqualTo((byte) 0x01);
    peter = Ed25519TestKey.fromSeed(signerKey[2], Arrays.copyOfRange(typedSeed, 1, 33));
  }

  private final Ed25519TestKey ledger = Ed25519TestKey.fromSeed("concordat.example/ledger", 7);
  private final Ed25519TestKey witness = Ed25519TestKey.fromSeed("council.example/witness", 9);

  @Test
  void derivesTheVerifierKeyOfTheReferenceExample() {
    assertThat(SignedNote.verifierKey(peter.keyName(), peter.publicKey()))
        .isEqualTo(go.get("verifierKey").asText());
    assertThat(peter.noteVerifier().keyId()).isEqualTo(0xc74f20a3);
  }

  @Test
  void signsTheReferenceExampleByteForByte() {
    assertThat(SignedNote.sign(go.get("text").asText(), List.<Signer>of(peter)))
        .isEqualTo(go.get("note").asText());
  }

  @Test
  void opensTheReferenceExample() throws InvalidSignatureException {
    VerifiedNote opened = SignedNote.open(go.get("note").asText(), List.of(peter.noteVerifier()));
    assertThat(opened.body()).isEqualTo(go.get("text").asText());
    assertThat(opened.verifiedBy()).containsExactly("PeterNeumann");
  }

  @Test
  void refusesTheReferenceExampleWithOneLetterChanged() {
    String tampered = go.get("note").asText().replace("cryptography", "cryptographY");
    assertThatThrownBy(() -> SignedNote.open(tampered, List.of(peter.noteVerifier())))
        .isInstanceOf(InvalidSignatureException.class)
        .hasMessageContaining("PeterNeumann does not verify");
  }

  @Test
  void writesOneSignatureLinePerSignerAfterABlankLine() throws InvalidSignatureException {
    String body = "concordat.example/ledger\n3\n" + "A".repeat(43) + "=\n";
    String note = SignedNote.sign(body, List.<Signer>of(ledger, witness));

    String[] parts = note.split("\n");
    assertThat(parts).hasSize(6);
    assertThat(parts[3]).isEmpty();
    assertThat(parts[4]).startsWith("\u2014 concordat.example/ledger ");
    assertThat(parts[5]).startsWith("\u2014 council.example/witness ");
    assertThat(Base64.getDecoder().decode(parts[4].substring(parts[4].lastIndexOf(' ') + 1)))
        .hasSize(68);

    VerifiedNote opened =
        SignedNote.open(note, List.of(ledger.noteVerifier(), witness.noteVerifier()));
    assertThat(opened.body()).isEqualTo(body);
    assertThat(opened.verifiedBy())
        .containsExactly("concordat.example/ledger", "council.example/witness");
  }

  @Test
  void ignoresSignaturesByUnknownKeys() throws InvalidSignatureException {
    String note = SignedNote.sign("hello\n", List.<Signer>of(witness, ledger));
    assertThat(SignedNote.open(note, List.of(ledger.noteVerifier())).verifiedBy())
        .containsExactly("concordat.example/ledger");
  }

  @Test
  void ignoresASignatureWhoseNameMatchesButKeyIdDoesNot() throws InvalidSignatureException {
    Ed25519TestKey impostor = Ed25519TestKey.fromSeed("concordat.example/ledger", 8);
    String note = SignedNote.sign("hello\n", List.<Signer>of(impostor, ledger));
    assertThat(SignedNote.open(note, List.of(ledger.noteVerifier())).verifiedBy())
        .containsExactly("concordat.example/ledger");
    String onlyImpostor = SignedNote.sign("hello\n", List.<Signer>of(impostor));
    assertThatThrownBy(() -> SignedNote.open(onlyImpostor, List.of(ledger.noteVerifier())))
        .isInstanceOf(InvalidSignatureException.class)
        .hasMessageContaining("No signature on the note is by a known key");
  }

  @Test
  void refusesANoteNoKnownKeySigned() {
    String note = SignedNote.sign("hello\n", List.<Signer>of(witness));
    assertThatThrownBy(() -> SignedNote.open(note, List.of(ledger.noteVerifier())))
        .isInstanceOf(InvalidSignatureException.class);
  }

  @Test
  void refusesABadSignatureByAKnownKeyEvenWhenAnotherVerifies() {
    String good = SignedNote.sign("hello\n", List.<Signer>of(ledger));
    String other = SignedNote.sign("other\n", List.<Signer>of(witness));
    String forged = good + other.substring(other.indexOf('\u2014'));
    assertThatThrownBy(
            () -> SignedNote.open(forged, List.of(ledger.noteVerifier(), witness.noteVerifier())))
        .isInstanceOf(InvalidSignatureException.class)
        .hasMessageContaining("council.example/witness does not verify");
  }

  @Test
  void refusesMalformedNotes() {
    List<NoteVerifier> verifiers = List.of(ledger.noteVerifier());
    String note = SignedNote.sign("hello\n", List.<Signer>of(ledger));
    for (String malformed :
        List.of(
            note.substring(0, note.length() - 1),
            note.replace("\n\n", "\n"),
            note.replace("\u2014", "-"),
            note.replace("hello", "hel\tlo"),
            note + "\n",
            note.replace("concordat.example/ledger ", "concordat.example/ledger  "),
            note.substring(0, note.length() - 3) + "!!\n")) {
      assertThatThrownBy(() -> SignedNote.open(malformed, verifiers))
          .as(malformed)
          .isInstanceOf(InvalidSignatureException.class);
    }
  }

  @Test
  void checksTheFormOfANoteWithoutKnowingItsKeys() throws InvalidSignatureException {
    String note = SignedNote.sign("hello\n", List.<Signer>of(witness));
    SignedNote.requireWellFormed(note);
    for (String malformed :
        List.of(
            "not a note",
            "hello\n",
            note.replace("\n\n", "\n"),
            note.replace("\u2014", "-"),
            note.replace("hello", "hel\u0000lo"),
            note.substring(0, note.length() - 3) + "!!\n")) {
      assertThatThrownBy(() -> SignedNote.requireWellFormed(malformed))
          .as(malformed)
          .isInstanceOf(InvalidSignatureException.class);
    }
  }

  @Test
  void refusesToSignTextWithoutAFinalNewlineOrWithoutSigners() {
    assertThatThrownBy(() -> SignedNote.sign("hello", List.<Signer>of(ledger)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SignedNote.sign("hello\n", List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void refusesKeyNamesWithSpacesOrPlusSigns() {
    assertThatThrownBy(() -> new NoteVerifier("a b", ledger))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new NoteVerifier("a+b", ledger))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void signsAndOpensACheckpoint() throws InvalidSignatureException {
    Checkpoint checkpoint =
        new Checkpoint("concordat.example/ledger", TreeSize.of(8), MerkleHash.emptyRoot());
    String note = SignedNote.sign(checkpoint.body(), List.<Signer>of(ledger));
    VerifiedNote opened = SignedNote.open(note, List.of(ledger.noteVerifier()));
    assertThat(Checkpoint.parse(opened.body())).isEqualTo(checkpoint);
  }
}
