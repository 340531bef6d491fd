package org.concordat.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Whatever is put into a partner's {@code in/} folder gets an outcome: processed, or quarantined
 * with a reason — unread when it must not be read — and nothing kept overwrites anything.
 */
class FileDropIT extends BrokerITSupport {
  private static final String NOTICE = "discharge-notice-RXA-to-XLA001.json";

  @Test
  void quarantinesSymbolicLinksUnreadAndNeverStoresWhatTheyPointTo() throws IOException {
    Path secret = Files.createTempFile("elsewhere-", ".json");
    Files.write(secret, notice(NOTICE));
    String toMessage = "link-to-message-" + System.nanoTime() + ".json";
    String toKey = "link-to-key-" + System.nanoTime() + ".json";
    Files.createSymbolicLink(exchange("RXA", "in").resolve(toMessage), secret);
    Files.createSymbolicLink(
        exchange("RXA", "in").resolve(toKey), DATA.resolve("keys").resolve("subject-hash.secret"));

    String hardLink = "hard-link-" + System.nanoTime() + ".json";
    Files.createLink(exchange("RXA", "in").resolve(hardLink), secret);

    assertThat(Files.readString(awaitKept(exchange("RXA", "quarantine"), hardLink + ".reason.txt")))
        .contains("Rejected " + hardLink + ": the file has 2 hard links");
    assertThat(inboundRowsFor(hardLink)).isZero();
    for (String name : List.of(toMessage, toKey)) {
      Path reason = awaitKept(exchange("RXA", "quarantine"), name + ".reason.txt");
      assertThat(Files.readString(reason)).contains("Rejected " + name + ": it is a symbolic link");
      Path link = awaitKept(exchange("RXA", "quarantine"), name);
      assertThat(Files.isSymbolicLink(link)).as("the link itself is quarantined").isTrue();
      assertThat(inboundRowsFor(name)).as("nothing read and stored").isZero();
    }
  }

  @Test
  void quarantinesEmptyFilesAsEmptyWithoutHoldingUpTheOthers() throws IOException {
    String emptyJson = "empty-" + System.nanoTime() + ".json";
    String emptyHl7 = "empty-" + System.nanoTime() + ".hl7";
    String zero = "dev-zero-" + System.nanoTime() + ".json";
    Files.createFile(exchange("RXA", "in").resolve(emptyJson));
    Files.createFile(exchange("RXA", "in").resolve(emptyHl7));
    Files.createSymbolicLink(exchange("RXA", "in").resolve(zero), Path.of("/dev/zero"));
    String good = "after-empty-" + System.nanoTime() + ".json";
    drop(good, notice(NOTICE));

    // Camel waited 10 s on each empty file, every poll; a good file now goes through at once.
    await().atMost(Duration.ofSeconds(8)).until(() -> inboundRowsFor(good) == 1);
    for (String name : List.of(emptyJson, emptyHl7)) {
      assertThat(Files.readString(awaitKept(exchange("RXA", "quarantine"), name + ".reason.txt")))
          .contains("Rejected " + name + ": it is an empty file");
    }
    assertThat(Files.readString(awaitKept(exchange("RXA", "quarantine"), zero + ".reason.txt")))
        .contains("symbolic link");
  }

  @Test
  void quarantinesFilesWithLongNamesUnderAShortenedNameWithTheirReason() throws IOException {
    for (int length : List.of(243, 250, 255)) {
      String stem = "long-" + System.nanoTime() + "-";
      String name = stem + "x".repeat(length - stem.length() - ".json".length()) + ".json";
      assertThat(name.getBytes(StandardCharsets.UTF_8)).hasSize(length);
      drop(name, "not a FHIR message".getBytes(StandardCharsets.UTF_8));

      Path reason =
          await()
              .atMost(Duration.ofSeconds(20))
              .until(() -> reasonStartingWith(stem), found -> found != null);
      assertThat(Files.readString(reason))
          .contains("Rejected " + stem)
          .contains("UNSUPPORTED_MEDIA_TYPE");
      assertThat(reason.getFileName().toString().getBytes(StandardCharsets.UTF_8).length)
          .isLessThanOrEqualTo(255);
      String keptName = reason.getFileName().toString().replace(".reason.txt", "");
      await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> Files.exists(exchange("RXA", "quarantine").resolve(keptName)));
      assertThat(keptName).endsWith(".json");
    }
  }

  @Test
  void quarantinesEveryFileTheRouteDoesNotTakeWithAReason() throws IOException {
    long n = System.nanoTime();
    Path in = exchange("RXA", "in");
    Files.writeString(in.resolve("notes-" + n + ".txt"), "a note");
    Files.writeString(in.resolve("README-" + n), "no extension");
    Files.createDirectory(in.resolve("a-directory-" + n));
    Files.createSymbolicLink(in.resolve("link-to-folder-" + n), DATA.resolve("keys"));
    Files.createSymbolicLink(in.resolve("dangling-" + n + ".json"), DATA.resolve("no-such-file"));
    Path hidden = in.resolve(".hidden-" + n + ".json");
    Files.write(hidden, notice(NOTICE));
    Files.setLastModifiedTime(hidden, FileTime.from(Instant.now().minus(Duration.ofHours(1))));
    String upper = "UPPER-" + n + ".JSON";
    drop(upper, notice(NOTICE));

    Path quarantine = exchange("RXA", "quarantine");
    assertThat(Files.readString(awaitKept(quarantine, "notes-" + n + ".txt.reason.txt")))
        .contains("does not end in one of these");
    assertThat(Files.readString(awaitKept(quarantine, "README-" + n + ".reason.txt")))
        .contains("does not end in one of these");
    assertThat(Files.readString(awaitKept(quarantine, "a-directory-" + n + ".reason.txt")))
        .contains("it is a directory");
    assertThat(Files.readString(awaitKept(quarantine, "link-to-folder-" + n + ".reason.txt")))
        .contains("symbolic link to a directory");
    assertThat(Files.readString(awaitKept(quarantine, "dangling-" + n + ".json.reason.txt")))
        .contains("symbolic link");
    assertThat(Files.readString(awaitKept(quarantine, ".hidden-" + n + ".json.reason.txt")))
        .contains("still being written")
        .contains("has not changed for more than 10 minute(s)");
    // A name in capitals is the format all the same.
    await().atMost(Duration.ofSeconds(20)).until(() -> inboundRowsFor(upper) == 1);
    assertThat(awaitKept(quarantine, "link-to-folder-" + n)).isSymbolicLink();
    assertThat(Files.exists(DATA.resolve("keys"), LinkOption.NOFOLLOW_LINKS)).isTrue();
  }

  @Test
  void keepsFilesOfTheSameNameSideBySideInQuarantineAndAccepted() throws IOException {
    String bad = "same-name-bad-" + System.nanoTime() + ".json";
    drop(bad, "first".getBytes(StandardCharsets.UTF_8));
    awaitKept(exchange("RXA", "quarantine"), bad);
    drop(bad, "second".getBytes(StandardCharsets.UTF_8));
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> allKept(exchange("RXA", "quarantine"), bad).size() == 2);
    assertThat(allKept(exchange("RXA", "quarantine"), bad))
        .extracting(p -> Files.readString(p))
        .containsExactlyInAnyOrder("first", "second");
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> allKept(exchange("RXA", "quarantine"), bad + ".reason.txt").size() == 2);

    String good = "same-name-good-" + System.nanoTime() + ".json";
    Path accepted =
        exchange("RXA", "in")
            .resolve(".accepted")
            .resolve(LocalDate.now(ZoneOffset.UTC).format(DateTimeFormatter.BASIC_ISO_DATE));
    drop(good, notice(NOTICE));
    // Once the first is kept (a partner renaming a file onto one still in in/ replaces it).
    await().atMost(Duration.ofSeconds(20)).until(() -> allKept(accepted, good).size() == 1);
    drop(good, notice(NOTICE));
    await().atMost(Duration.ofSeconds(20)).until(() -> allKept(accepted, good).size() == 2);
    assertThat(allKept(accepted, good)).allSatisfy(p -> assertThat(mode(p)).isEqualTo("rw-------"));
  }

  @Test
  void answersEveryDenialOfAFileAndShowsEachRecipientOnlyItself() throws IOException {
    ObjectNode notice = noticeTree(NOTICE);
    ObjectNode header = (ObjectNode) notice.path("entry").get(0).path("resource");
    ObjectNode voluntary = ((ArrayNode) header.path("destination")).addObject();
    voluntary.put("endpoint", "urn:nhs-uk:addressing:ods:XVO001");
    voluntary
        .putObject("receiver")
        .putObject("identifier")
        .put("system", "https://fhir.nhs.uk/Id/ods-organization-code")
        .put("value", "XVO001");
    String name = "to-two-" + System.nanoTime() + ".json";
    drop(name, bytes(notice));

    Path answer = awaitKept(exchange("RXA", "out"), name.replace(".json", ".denied.json"));
    JsonNode issues = json(Files.readString(answer)).path("issue");
    assertThat(issues.get(0).path("diagnostics").asText()).startsWith("Accepted for XLA001");
    assertThat(issues.get(1).path("diagnostics").asText()).startsWith("Not disclosed to XVO001");
    String messageId = json(Files.readString(answer)).path("id").asText();
    long index =
        ledgerEntriesFor(messageId).stream()
            .filter(e -> e.path("type").asText().equals("disclosure"))
            .findFirst()
            .orElseThrow()
            .path("index")
            .asLong();
    Path csv = exchange("XLA001", "out").resolve("referral-" + index + ".csv");
    await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(csv));
    String row = Files.readString(csv).split("\r\n")[1];
    assertThat(row).contains(",RXA,XLA001,").doesNotContain("XVO001");
  }

  @Test
  void keepsPersonalDataReadableByTheBrokersUserOnly() throws IOException {
    String name = "owner-only-" + System.nanoTime() + ".json";
    drop(name, notice(NOTICE));
    await().atMost(Duration.ofSeconds(20)).until(() -> inboundRowsFor(name) == 1);
    String bad = "owner-only-bad-" + System.nanoTime() + ".json";
    drop(bad, "not FHIR".getBytes(StandardCharsets.UTF_8));
    Path reason = awaitKept(exchange("RXA", "quarantine"), bad + ".reason.txt");
    Path quarantined = awaitKept(exchange("RXA", "quarantine"), bad);

    assertThat(mode(DATA)).isEqualTo("rwx------");
    assertThat(mode(DATA.resolve("exchange"))).isEqualTo("rwx------");
    for (String folder : List.of("in", "out", "quarantine")) {
      assertThat(mode(exchange("XLA001", folder))).as(folder).isEqualTo("rwx------");
    }
    assertThat(mode(reason)).isEqualTo("rw-------");
    assertThat(mode(quarantined)).isEqualTo("rw-------");
    Path delivered =
        await()
            .atMost(Duration.ofSeconds(20))
            .until(
                () -> {
                  try (var csvs = Files.list(exchange("XLA001", "out"))) {
                    return csvs.filter(p -> p.toString().endsWith(".csv")).findFirst();
                  }
                },
                java.util.Optional::isPresent)
            .orElseThrow();
    assertThat(mode(delivered)).isEqualTo("rw-------");
    try (var db = Files.list(DATA.resolve("db"))) {
      db.filter(p -> p.toString().endsWith(".mv.db"))
          .forEach(p -> assertThat(mode(p)).as(p.toString()).isEqualTo("rw-------"));
    }
  }

  @Test
  void showsAControlCharacterInAFileNameEscapedInItsReason() throws IOException {
    String stem = "new\nline-" + System.nanoTime();
    drop(stem + ".json", "not FHIR".getBytes(StandardCharsets.UTF_8));

    String escaped = stem.replace("\n", "\\n");
    Path reason =
        awaitKept(exchange("RXA", "quarantine"), stem.replace("\n", "_") + ".json.reason.txt");
    assertThat(Files.readString(reason)).contains("Rejected " + escaped + ".json").hasLineCount(1);
  }

  private static String mode(Path path) {
    try {
      return PosixFilePermissions.toString(
          Files.getPosixFilePermissions(path, LinkOption.NOFOLLOW_LINKS));
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static Path reasonStartingWith(String stem) throws IOException {
    try (var files = Files.list(exchange("RXA", "quarantine"))) {
      return files
          .filter(p -> p.getFileName().toString().contains("-" + stem))
          .filter(p -> p.getFileName().toString().endsWith(".reason.txt"))
          .filter(p -> p.toFile().length() > 0)
          .findFirst()
          .orElse(null);
    }
  }

  private long inboundRowsFor(String fileName) {
    return jdbc.sql("SELECT COUNT(*) FROM inbound_message WHERE source_name = ?")
        .param(fileName)
        .query(Long.class)
        .single();
  }

  private static void drop(String fileName, byte[] content) throws IOException {
    Path temporary = exchange("RXA", "in").resolve(fileName.hashCode() + ".part");
    Files.write(temporary, content);
    Files.move(temporary, exchange("RXA", "in").resolve(fileName), StandardCopyOption.ATOMIC_MOVE);
  }
}
