package org.concordat.adapters.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Set;
import org.concordat.protocols.ledger.InvalidSignatureException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Ed25519KeysTest {
  @TempDir Path dir;

  @Test
  void privateAndPublicKeysSurviveAPemRoundTrip() throws IOException, InvalidSignatureException {
    var pair = Ed25519KeyPair.generate(new SecureRandom());
    Path privateFile = dir.resolve("k.key.pem");
    Path publicFile = dir.resolve("k.pub.pem");

    Ed25519Keys.writePrivateKey(privateFile, pair);
    Ed25519Keys.writePublicKey(publicFile, pair.publicKey());

    assertThat(Files.readString(privateFile)).startsWith("-----BEGIN PRIVATE KEY-----");
    assertThat(Files.readString(publicFile)).startsWith("-----BEGIN PUBLIC KEY-----");
    var loaded = Ed25519Keys.readPrivateKey(privateFile);
    assertThat(loaded.publicKey()).isEqualTo(pair.publicKey());
    assertThat(Ed25519Keys.readPublicKey(publicFile)).isEqualTo(pair.publicKey());
    byte[] message = {7, 7, 7};
    new BouncyCastleEd25519Verifier(Ed25519Keys.readPublicKey(publicFile))
        .verify(message, new BouncyCastleEd25519Signer("k", loaded).sign(message));
  }

  @Test
  void writesTheRfc8032PublicKeyAsStandardSubjectPublicKeyInfo() {
    // The DER prefix 302a300506032b6570032100 is the Ed25519 SubjectPublicKeyInfo of RFC 8410.
    byte[] publicKey =
        HexFormat.of().parseHex("d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");

    String pem = Ed25519Keys.publicKeyPem(publicKey);

    assertThat(pem).contains("MCowBQYDK2VwAyEA11qYAYKxCrfVS/7TyWQHOg7hcvPapiMlrwIaaPcHURo=");
    assertThat(Ed25519Keys.parsePublicKeyPem(pem, "test")).isEqualTo(publicKey);
  }

  @Test
  void loadOrGenerateCreatesTheKeyOnceAndLoadsItAfterwards() throws IOException {
    var first = Ed25519Keys.loadOrGenerate(dir, "concordat.example/ledger", new SecureRandom());
    var second = Ed25519Keys.loadOrGenerate(dir, "concordat.example/ledger", new SecureRandom());

    assertThat(second.publicKey()).isEqualTo(first.publicKey());
    assertThat(dir.resolve("concordat.example_ledger.key.pem")).exists();
    assertThat(dir.resolve("concordat.example_ledger.pub.pem")).exists();
    if (Files.getFileStore(dir).supportsFileAttributeView("posix")) {
      assertThat(Files.getPosixFilePermissions(dir.resolve("concordat.example_ledger.key.pem")))
          .isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
    }
  }

  @Test
  void loadOrGenerateRewritesAMissingPublicKey() throws IOException {
    var first = Ed25519Keys.loadOrGenerate(dir, "k", new SecureRandom());
    Files.delete(dir.resolve("k.pub.pem"));

    Ed25519Keys.loadOrGenerate(dir, "k", new SecureRandom());

    assertThat(Ed25519Keys.readPublicKey(dir.resolve("k.pub.pem"))).isEqualTo(first.publicKey());
  }

  @Test
  void loadOrGenerateRefusesAPublicKeyThatDoesNotMatch() throws IOException {
    Ed25519Keys.loadOrGenerate(dir, "k", new SecureRandom());
    Files.delete(dir.resolve("k.pub.pem"));
    Ed25519Keys.writePublicKey(
        dir.resolve("k.pub.pem"), Ed25519KeyPair.generate(new SecureRandom()).publicKey());

    assertThatThrownBy(() -> Ed25519Keys.loadOrGenerate(dir, "k", new SecureRandom()))
        .isInstanceOf(KeyMaterialException.class)
        .hasMessageContaining("does not match");
  }

  @Test
  void refusesAPublicKeyInPlaceOfAPrivateKey() throws IOException {
    Path file = dir.resolve("wrong.pem");
    Ed25519Keys.writePublicKey(file, Ed25519KeyPair.generate(new SecureRandom()).publicKey());

    assertThatThrownBy(() -> Ed25519Keys.readPrivateKey(file))
        .isInstanceOf(KeyMaterialException.class)
        .hasMessageContaining("PRIVATE KEY");
  }

  @Test
  void makesKeyNamesSafeAsFileNames() {
    assertThat(Ed25519Keys.fileStem("concordat.example/ledger"))
        .isEqualTo("concordat.example_ledger");
    assertThat(Ed25519Keys.fileStem("../../etc/passwd")).isEqualTo("_._.._etc_passwd");
  }
}
