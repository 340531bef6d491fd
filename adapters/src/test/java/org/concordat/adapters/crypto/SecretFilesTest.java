package org.concordat.adapters.crypto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretFilesTest {
  @TempDir Path dir;

  @Test
  void generatesTheSecretOnceAndReadsItAfterwards() throws IOException {
    Path file = dir.resolve("secrets/subject-hash.key");

    byte[] first = SecretFiles.loadOrGenerate(file, 32, new SecureRandom());
    byte[] second = SecretFiles.loadOrGenerate(file, 32, new SecureRandom());

    assertThat(first).hasSize(32).isEqualTo(second);
    assertThat(Base64.getDecoder().decode(Files.readString(file).strip())).isEqualTo(first);
    if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
      assertThat(Files.getPosixFilePermissions(file))
          .isEqualTo(Set.of(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE));
    }
  }

  @Test
  void refusesASecretOfTheWrongLength() throws IOException {
    Path file = dir.resolve("short.key");
    Files.writeString(file, Base64.getEncoder().encodeToString(new byte[16]));

    assertThatThrownBy(() -> SecretFiles.loadOrGenerate(file, 32, new SecureRandom()))
        .isInstanceOf(KeyMaterialException.class)
        .hasMessageContaining("16 bytes");
  }
}
