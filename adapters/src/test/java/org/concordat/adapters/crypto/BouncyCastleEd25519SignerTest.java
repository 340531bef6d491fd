package org.concordat.adapters.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.HexFormat;
import org.concordat.protocols.ledger.InvalidSignatureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BouncyCastleEd25519SignerTest {
  private static final HexFormat HEX = HexFormat.of();

  /** Known answers from RFC 8032 section 7.1, TEST 1 (empty message) and TEST 2 (one byte). */
  @ParameterizedTest(name = "RFC 8032 {0}")
  @CsvSource({
    "TEST 1, 9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60,"
        + " d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a, '',"
        + " e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e065224901555fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b",
    "TEST 2, 4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb,"
        + " 3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c, 72,"
        + " 92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00",
  })
  void matchesRfc8032KnownAnswers(
      String name, String secret, String publicKey, String message, String signature)
      throws InvalidSignatureException {
    var signer =
        new BouncyCastleEd25519Signer(
            "rfc8032/" + name, Ed25519KeyPair.fromPrivateKey(HEX.parseHex(secret)));

    assertThat(HEX.formatHex(signer.publicKey())).isEqualTo(publicKey);
    assertThat(HEX.formatHex(signer.sign(HEX.parseHex(message)))).isEqualTo(signature);
    new BouncyCastleEd25519Verifier(HEX.parseHex(publicKey))
        .verify(HEX.parseHex(message), HEX.parseHex(signature));
  }

  @Test
  void signaturesVerifyWithTheSignersPublicKey() throws InvalidSignatureException {
    var signer =
        new BouncyCastleEd25519Signer(
            "concordat.example/ledger", Ed25519KeyPair.generate(new SecureRandom()));
    byte[] message = "concordat.example/ledger\n42\nroot\n".getBytes(StandardCharsets.UTF_8);

    byte[] signature = signer.sign(message);

    assertThat(signature).hasSize(64);
    signer.verifier().verify(message, signature);
  }

  @Test
  void refusesATamperedMessage() {
    var signer = new BouncyCastleEd25519Signer("k", Ed25519KeyPair.generate(new SecureRandom()));
    byte[] message = "tree size 41".getBytes(StandardCharsets.UTF_8);
    byte[] signature = signer.sign(message);
    byte[] tampered = "tree size 42".getBytes(StandardCharsets.UTF_8);

    assertThatThrownBy(() -> signer.verifier().verify(tampered, signature))
        .isInstanceOf(InvalidSignatureException.class)
        .hasMessageContaining("does not verify");
  }

  @Test
  void refusesASignatureByAnotherKey() {
    var signer = new BouncyCastleEd25519Signer("a", Ed25519KeyPair.generate(new SecureRandom()));
    var other = new BouncyCastleEd25519Signer("b", Ed25519KeyPair.generate(new SecureRandom()));
    byte[] message = {1, 2, 3};

    assertThatThrownBy(() -> other.verifier().verify(message, signer.sign(message)))
        .isInstanceOf(InvalidSignatureException.class);
  }

  @Test
  void refusesASignatureOfTheWrongLength() {
    var signer = new BouncyCastleEd25519Signer("a", Ed25519KeyPair.generate(new SecureRandom()));

    assertThatThrownBy(() -> signer.verifier().verify(new byte[] {1}, new byte[63]))
        .isInstanceOf(InvalidSignatureException.class)
        .hasMessageContaining("64 bytes");
  }

  @Test
  void neverShowsThePrivateKeyInToString() {
    byte[] secret =
        HEX.parseHex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
    var pair = Ed25519KeyPair.fromPrivateKey(secret);
    var signer = new BouncyCastleEd25519Signer("k", pair);

    assertThat(pair.toString() + signer).doesNotContain("9d61b19d").contains("d75a980182b10ab7");
  }
}
