package org.concordat.adapters.transport.file;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class DropFileNamesTest {
  private static final Instant AT = Instant.parse("2026-12-03T17:45:01Z");

  @Test
  void keepsAShortNameAfterTheTimeAndToken() {
    assertThat(DropFileNames.kept("discharge.json", AT, "1a2b3c4d"))
        .isEqualTo("20261203T174501Z-1a2b3c4d-discharge.json");
  }

  @Test
  void shortensALongNameSoThatItsReasonFileFitsAFileSystemName() {
    for (int length = 200; length <= 255; length++) {
      String name = "n".repeat(length - 5) + ".json";
      String kept = DropFileNames.kept(name, AT, "1a2b3c4d");
      assertThat((kept + ".reason.txt").getBytes(StandardCharsets.UTF_8).length)
          .isLessThanOrEqualTo(255);
      assertThat(kept).endsWith(".json").contains("~");
    }
    // Two long names that differ only at the end are kept apart by the hash.
    String a = DropFileNames.kept("x".repeat(240) + "a.json", AT, "t");
    String b = DropFileNames.kept("x".repeat(240) + "b.json", AT, "t");
    assertThat(a).isNotEqualTo(b);
  }

  @Test
  void cutsAMultiByteNameOnACharacterBoundary() {
    String name = "é".repeat(120) + ".json";
    String kept = DropFileNames.kept(name, AT, "t");
    assertThat(kept.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(200);
    assertThat(new String(kept.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8))
        .isEqualTo(kept);
  }

  @Test
  void replacesControlCharactersAndSeparatorsInAKeptName() {
    assertThat(DropFileNames.kept("a\nb/c\\d.json", AT, "t")).endsWith("-a_b_c_d.json");
  }

  @Test
  void namesTheAnswerAfterTheKeptNamesStem() {
    assertThat(DropFileNames.answer("20261203T174501Z-1a2b3c4d-discharge.json"))
        .isEqualTo("20261203T174501Z-1a2b3c4d-discharge.denied.json");
    assertThat(DropFileNames.answer("20261203T174501Z-1a2b3c4d-noextension"))
        .isEqualTo("20261203T174501Z-1a2b3c4d-noextension.denied.json");
  }

  @Test
  void marksDotPartAndTmpNamesAsInProgress() {
    assertThat(DropFolderTriage.inProgress(".notice.json")).isTrue();
    assertThat(DropFolderTriage.inProgress("notice.json.PART")).isTrue();
    assertThat(DropFolderTriage.inProgress("notice.tmp")).isTrue();
    assertThat(DropFolderTriage.inProgress("notice.json")).isFalse();
  }
}
