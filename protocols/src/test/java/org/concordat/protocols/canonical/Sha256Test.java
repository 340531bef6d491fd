package org.concordat.protocols.canonical;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class Sha256Test {

  // Known answers from FIPS 180-2, appendix B (B.1 "abc", B.2 the 448-bit two-block message) and
  // the well-known digest of no bytes. Reproduce with: printf 'abc' | sha256sum
  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "empty message|''|e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
        "FIPS 180-2 B.1|abc|ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
        "FIPS 180-2 B.2|abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"
            + "|248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1",
      })
  void matchesTheKnownAnswers(String desc, String message, String want) {
    byte[] input = message.getBytes(StandardCharsets.US_ASCII);

    assertThat(Sha256.hexOf(input)).isEqualTo(want);
    assertThat(Sha256.digest(input)).isEqualTo(HexFormat.of().parseHex(want));
    assertThat(Sha256.of(input).hex()).isEqualTo(want);
    assertThat(Sha256.of(input).bytes()).isEqualTo(HexFormat.of().parseHex(want));
  }

  @Test
  void hashesInPartsLikeInOne() {
    MessageDigest parts = Sha256.newDigest();
    parts.update((byte) 'a');
    parts.update("bc".getBytes(StandardCharsets.US_ASCII));

    assertThat(HexFormat.of().formatHex(parts.digest()))
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  @Test
  void equalDigestsAreEqualValuesAndPrintAsHex() {
    byte[] abc =
        HexFormat.of().parseHex("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");

    assertThat(Sha256.of("abc".getBytes(StandardCharsets.US_ASCII)))
        .isEqualTo(new Sha256(abc))
        .hasSameHashCodeAs(new Sha256(abc))
        .isNotEqualTo(Sha256.of(new byte[0]))
        .hasToString("Sha256[ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad]");
  }

  @Test
  void isNotChangedThroughTheArraysGivenOrReturned() {
    byte[] given = new byte[Sha256.SIZE];
    Sha256 digest = new Sha256(given);
    given[0] = 1;
    digest.bytes()[1] = 1;

    assertThat(digest.bytes()).isEqualTo(new byte[Sha256.SIZE]);
  }

  @Test
  void refusesAValueThatIsNot32Bytes() {
    assertThatThrownBy(() -> new Sha256(new byte[31]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("A SHA-256 digest is 32 bytes, not 31");
  }
}
