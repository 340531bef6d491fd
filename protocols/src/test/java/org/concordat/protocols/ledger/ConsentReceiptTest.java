package org.concordat.protocols.ledger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ConsentReceiptTest {
  private final Ed25519TestKey ledger = Ed25519TestKey.fromSeed("concordat.example/ledger", 7);
  private final Ed25519TestKey other = Ed25519TestKey.fromSeed("concordat.example/ledger", 8);
  private final ConsentReceipt receipt =
      new ConsentReceipt(
          "concordat.example/ledger",
          "Consent/3f2a/_history/2",
          ConsentChangeBody.Change.WITHDRAWN,
          "ab".repeat(32),
          41,
          Instant.parse("2026-11-25T10:15:30.123456Z"));

  @Test
  void aSignedReceiptOpensWithTheLedgerKeyAndSaysWhatChanged() throws Exception {
    String note = receipt.sign(ledger);

    assertThat(note)
        .startsWith(
            "concordat-consent-receipt/v1\nconcordat.example/ledger\nConsent/3f2a/_history/2\n"
                + "withdrawn\n"
                + "ab".repeat(32)
                + "\n41\n2026-11-25T10:15:30.123Z\n\n— concordat.example/ledger ");
    ConsentReceipt opened =
        ConsentReceipt.open(note, List.of(new NoteVerifier(ledger.keyName(), ledger)));
    assertThat(opened.directive()).isEqualTo("Consent/3f2a/_history/2");
    assertThat(opened.change()).isEqualTo(ConsentChangeBody.Change.WITHDRAWN);
    assertThat(opened.ledgerIndex()).isEqualTo(41);
    assertThat(opened.at()).isEqualTo(Instant.parse("2026-11-25T10:15:30.123Z"));
  }

  @Test
  void aReceiptWithAnAlteredLineOrAnotherKeyIsRefused() {
    String note = receipt.sign(ledger);
    String altered = note.replace("\n41\n", "\n42\n");
    assertThatThrownBy(
            () -> ConsentReceipt.open(altered, List.of(new NoteVerifier(ledger.keyName(), ledger))))
        .isInstanceOf(InvalidSignatureException.class);
    assertThatThrownBy(
            () -> ConsentReceipt.open(note, List.of(new NoteVerifier(other.keyName(), other))))
        .isInstanceOf(InvalidSignatureException.class);
  }

  @Test
  void aSignedNoteThatIsNotAReceiptIsRefused() {
    String checkpoint = SignedNote.sign("concordat.example/ledger\n1\nAAAA\n", List.of(ledger));
    assertThatThrownBy(
            () ->
                ConsentReceipt.open(
                    checkpoint, List.of(new NoteVerifier(ledger.keyName(), ledger))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("not a Concordat consent receipt");
  }
}
