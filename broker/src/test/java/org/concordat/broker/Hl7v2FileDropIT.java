package org.concordat.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** HL7 v2 ADT dropped as {@code .hl7} files into the hospital's folder, beside FHIR files. */
class Hl7v2FileDropIT extends BrokerITSupport {

  @Test
  void deliversADischargeDroppedAsAnHl7File() throws IOException {
    String controlId = "FD" + System.nanoTime() % 1_000_000_000_000L;
    String fileName = "adt-" + controlId + ".hl7";
    drop(fileName, discharge().replace("NM2025061210300017", controlId));

    String messageId =
        await()
            .atMost(Duration.ofSeconds(20))
            .until(() -> messageIdFor(fileName), id -> id != null);
    JsonNode entry =
        await()
            .atMost(Duration.ofSeconds(20))
            .until(() -> ledgerEntriesFor(messageId), entries -> entries.size() == 1)
            .get(0);
    Path delivered =
        exchange("XLA001", "out").resolve("referral-" + entry.path("index").asLong() + ".csv");
    await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(delivered));
    assertThat(Files.readString(delivered)).contains(",9990000123,CAVENDISH,");
    assertThat(exchange("RXA", "in").resolve(fileName)).doesNotExist();
  }

  @Test
  void quarantinesAnHl7FileWithoutAnNhsNumberWithItsReason() throws IOException {
    String fileName = "adt-no-nhs-" + System.nanoTime() + ".hl7";
    drop(fileName, discharge().replace("9990000123^^^NHS^NH~", ""));

    Path reason = awaitKept(exchange("RXA", "quarantine"), fileName + ".reason.txt");
    assertThat(awaitKept(exchange("RXA", "quarantine"), fileName)).exists();
    assertThat(Files.readString(reason))
        .contains("Rejected " + fileName)
        .contains("MISSING_NHS_NUMBER")
        .doesNotContain("CAVENDISH");
    assertThat(messageIdFor(fileName)).isNull();
  }

  private static void drop(String fileName, String content) throws IOException {
    Path temporary = exchange("RXA", "in").resolve(fileName + ".part");
    Files.writeString(temporary, content, StandardCharsets.UTF_8);
    Files.move(temporary, exchange("RXA", "in").resolve(fileName), StandardCopyOption.ATOMIC_MOVE);
  }

  private static String discharge() {
    try (InputStream in =
        Hl7v2FileDropIT.class.getResourceAsStream("/hl7v2/A03-RXA-discharge-9990000123.hl7")) {
      if (in == null) {
        throw new IllegalStateException("No test message");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private String messageIdFor(String sourceName) {
    return jdbc.sql("SELECT id FROM inbound_message WHERE source_name = ?")
        .param(sourceName)
        .query(String.class)
        .optional()
        .orElse(null);
  }
}
