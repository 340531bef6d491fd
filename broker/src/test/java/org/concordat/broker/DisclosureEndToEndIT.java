package org.concordat.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.concordat.broker.agreement.ProtocolRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

class DisclosureEndToEndIT extends BrokerITSupport {
  private static final String NHS_NUMBER = "9990000018";

  @Autowired ProtocolRegistry protocol;

  @Test
  void aDischargeNoticeSentAfterTheDischargeIsAcceptedWithATimingWarning() {
    ObjectNode late = noticeTree("discharge-notice-RXA-to-XLA001.json");
    // Sent on the day of discharge (the Encounter ends 2025-03-14): too late under the ADW timings.
    late.put("timestamp", "2025-03-14T15:00:00+00:00");

    HttpResponse<String> response = postNotice("rxa", bytes(late));

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode issues = json(response.body()).path("issue");
    assertThat(issues.get(0).path("severity").asText()).isEqualTo("information");
    JsonNode warning = issues.get(issues.size() - 1);
    assertThat(warning.path("severity").asText()).isEqualTo("warning");
    assertThat(warning.path("code").asText()).isEqualTo("business-rule");
    assertThat(warning.path("details").toString()).contains("discharge-notice-too-late");
  }

  @Test
  void deliversPermittedDischargeNoticeToCouncilAsCsvRow() throws IOException {
    ObjectNode notice = noticeTree("discharge-notice-RXA-to-XLA001.json");
    HttpResponse<String> response = postNotice("rxa", bytes(notice));

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode outcome = json(response.body());
    assertThat(outcome.path("resourceType").asText()).isEqualTo("OperationOutcome");
    assertThat(outcome.path("issue").get(0).path("severity").asText()).isEqualTo("information");
    assertThat(outcome.path("issue").get(0).path("diagnostics").asText())
        .startsWith("Accepted for XLA001 (permit-with-redactions)");
    String messageId = outcome.path("id").asText();

    List<JsonNode> entries = ledgerEntriesFor(messageId);
    assertThat(entries).hasSize(1);
    JsonNode entry = entries.get(0);
    long index = entry.path("index").asLong();
    Path delivered = exchange("XLA001", "out").resolve("referral-" + index + ".csv");
    await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(delivered));

    byte[] csv = Files.readAllBytes(delivered);
    List<String> lines = List.of(new String(csv, StandardCharsets.UTF_8).split("\r\n"));
    assertThat(lines.get(0))
        .isEqualTo(
            "notice_message_id,ledger_index,notice_event_code,notice_event,"
                + "sending_organisation,receiving_organisation,nhs_number,family_name,given_name,"
                + "birth_date,gender,postcode,phone,encounter_class,encounter_status,admitted_at,"
                + "discharged_at");
    assertThat(lines.get(1))
        .isEqualTo(
            messageHeaderId(notice)
                + ","
                + index
                + ",975731000000100,Discharge Notice under the Care Act 2014 Schedule 3,RXA,XLA001,"
                + NHS_NUMBER
                + ",Ashworth,Margaret Ellen,1938-07-14,female,NM4 7QT,,IMP,in-progress,"
                + "2025-03-03T14:20:00+00:00,2025-03-14T12:00:00+00:00");

    assertThat(entry.path("type").asText()).isEqualTo("disclosure");
    JsonNode body = entry.path("body");
    assertThat(body.path("sender").asText()).isEqualTo("RXA");
    assertThat(body.path("recipient").asText()).isEqualTo("XLA001");
    assertThat(body.path("purpose").asText()).isEqualTo("hospital-discharge");
    // The CSV format carries contacts, but the protocol's flow does not: the phone is withheld.
    assertThat(body.path("decision").asText()).isEqualTo("permit-with-redactions");
    assertThat(body.path("disclosed").toString()).isEqualTo("[\"demographics\",\"encounter\"]");
    assertThat(body.path("withheld").path("contacts").path("code").asText())
        .isEqualTo("category-not-in-flow");
    assertThat(new String(csv, StandardCharsets.UTF_8)).doesNotContain("01632 960123");
    assertThat(body.path("protocol").path("id").asText()).isEqualTo("northmoor-integrated-care");
    assertThat(body.path("protocol").path("sha256").asText())
        .isEqualTo(protocol.get().protocol().ref().sha256());
    assertThat(body.path("payloadSha256").asText()).isEqualTo(sha256Hex(csv));
    assertThat(body.path("subject").asText()).isEqualTo(expectedSubjectHash(NHS_NUMBER));
    assertThat(new String(entryBytes(index), StandardCharsets.UTF_8))
        .doesNotContain(NHS_NUMBER)
        .doesNotContain("Ashworth");
    assertThat(storedLeafHash(index)).isEqualTo(rfc6962LeafHash(entryBytes(index)));
    await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> outboxStatuses(messageId).equals(List.of("DELIVERED")));
  }

  @Test
  void deniesDischargeNoticeToVoluntaryOrganisationAndDeliversNothing() throws IOException {
    HttpResponse<String> response =
        postNotice("rxa", notice("discharge-notice-RXA-to-XVO001.json"));

    assertThat(response.statusCode()).isEqualTo(422);
    JsonNode issue = json(response.body()).path("issue").get(0);
    assertThat(issue.path("severity").asText()).isEqualTo("error");
    assertThat(issue.path("code").asText()).isEqualTo("business-rule");
    assertThat(issue.path("diagnostics").asText())
        .contains("Not disclosed to XVO001")
        .contains("no flow from RXA to XVO001");
    assertThat(issue.path("details").path("coding").get(0).path("code").asText())
        .isEqualTo("no-matching-flow");
    String messageId = json(response.body()).path("id").asText();

    List<JsonNode> entries = ledgerEntriesFor(messageId);
    assertThat(entries).hasSize(1);
    JsonNode body = entries.get(0).path("body");
    assertThat(entries.get(0).path("type").asText()).isEqualTo("denial");
    assertThat(body.path("decision").asText()).isEqualTo("deny");
    assertThat(body.path("recipient").asText()).isEqualTo("XVO001");
    assertThat(body.path("reasons").get(0).path("code").asText()).isEqualTo("no-matching-flow");
    assertThat(body.path("payloadSha256").isNull() || body.path("payloadSha256").isMissingNode())
        .isTrue();
    assertThat(outboxStatuses(messageId)).isEmpty();
    assertThat(csvFilesIn(exchange("XVO001", "out"))).isEmpty();
  }

  @Test
  void deliversNoticeDroppedIntoSendersInFolder() throws IOException {
    String fileName = "dropped-discharge-" + System.nanoTime() + ".json";
    dropFile("RXA", fileName, notice("discharge-notice-RXA-to-XLA001.json"));

    String messageId =
        await()
            .atMost(Duration.ofSeconds(20))
            .until(() -> messageIdForFile(fileName), id -> id != null);
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> outboxStatuses(messageId).equals(List.of("DELIVERED")));
    JsonNode entry = ledgerEntriesFor(messageId).get(0);
    Path delivered =
        exchange("XLA001", "out").resolve("referral-" + entry.path("index").asLong() + ".csv");
    assertThat(Files.readString(delivered))
        .contains("," + entry.path("index").asLong() + ",")
        .contains(",Ashworth,");
    assertThat(entry.path("body").path("payloadSha256").asText())
        .isEqualTo(sha256Hex(Files.readAllBytes(delivered)));
    assertThat(exchange("RXA", "in").resolve(fileName)).doesNotExist();
  }

  @Test
  void disclosesTheSameFileDroppedTwiceOnce() throws IOException {
    byte[] content = notice("discharge-notice-RXA-to-XLA001.json");
    String firstName = "dropped-twice-a-" + System.nanoTime() + ".json";
    String secondName = "dropped-twice-b-" + System.nanoTime() + ".json";
    dropFile("RXA", firstName, content);
    String original =
        await()
            .atMost(Duration.ofSeconds(20))
            .until(() -> messageIdForFile(firstName), id -> id != null);
    await().atMost(Duration.ofSeconds(20)).until(() -> "DECIDED".equals(statusOf(original)));

    dropFile("RXA", secondName, content);

    String repeat =
        await()
            .atMost(Duration.ofSeconds(20))
            .until(() -> messageIdForFile(secondName), id -> id != null);
    await().atMost(Duration.ofSeconds(20)).until(() -> "REPEATED".equals(statusOf(repeat)));
    assertThat(ledgerEntriesFor(original)).hasSize(1);
    assertThat(ledgerEntriesFor(repeat)).isEmpty();
    assertThat(outboxStatuses(repeat)).isEmpty();
    assertThat(
            jdbc.sql("SELECT original_id FROM inbound_message WHERE id = ?")
                .param(repeat)
                .query(String.class)
                .single())
        .isEqualTo(original);
  }

  @Test
  void answersDeniedFileDropWithOperationOutcomeInSendersOutFolder() throws IOException {
    String fileName = "dropped-denied-" + System.nanoTime() + ".json";
    dropFile("RXA", fileName, notice("discharge-notice-RXA-to-XVO001.json"));

    Path answer = awaitKept(exchange("RXA", "out"), fileName.replace(".json", ".denied.json"));
    JsonNode issue = json(Files.readString(answer)).path("issue").get(0);
    assertThat(issue.path("diagnostics").asText()).contains("no flow from RXA to XVO001");
    String messageId = messageIdForFile(fileName);
    assertThat(ledgerEntriesFor(messageId)).hasSize(1);
    assertThat(ledgerEntriesFor(messageId).get(0).path("type").asText()).isEqualTo("denial");
  }

  @Test
  void quarantinesDroppedFileThatIsNotFhirWithItsReason() throws IOException {
    String fileName = "not-fhir-" + System.nanoTime() + ".json";
    dropFile("RXA", fileName, "{\"resourceType\": \"Bundle\", ".getBytes(StandardCharsets.UTF_8));

    Path reason = awaitKept(exchange("RXA", "quarantine"), fileName + ".reason.txt");
    Path quarantined = awaitKept(exchange("RXA", "quarantine"), fileName);
    assertThat(Files.readString(reason)).contains("Rejected " + fileName).contains("MALFORMED");
    assertThat(Files.readString(quarantined)).isEqualTo("{\"resourceType\": \"Bundle\", ");
    assertThat(inboundStatusForFile(fileName)).isEqualTo("REJECTED");
  }

  @Test
  void quarantinesDroppedFileOverTheSizeLimitUnread() throws IOException {
    String fileName = "too-big-" + System.nanoTime() + ".json";
    byte[] big = new byte[70_000];
    java.util.Arrays.fill(big, (byte) ' ');
    dropFile("RXA", fileName, big);

    Path reason = awaitKept(exchange("RXA", "quarantine"), fileName + ".reason.txt");
    assertThat(Files.readString(reason)).contains("over the limit of 65536 bytes");
    assertThat(awaitKept(exchange("RXA", "quarantine"), fileName)).exists();
  }

  @Test
  void quarantinesDroppedFileFromAnotherPartnersFolder() throws IOException {
    String fileName = "wrong-folder-" + System.nanoTime() + ".json";
    dropFile("RXM", fileName, notice("discharge-notice-RXA-to-XLA001.json"));

    Path reason = awaitKept(exchange("RXM", "quarantine"), fileName + ".reason.txt");
    assertThat(Files.readString(reason))
        .contains("SENDER_MISMATCH")
        .contains("authenticated as RXM but the MessageHeader names RXA");
  }

  private static void dropFile(String ods, String fileName, byte[] content) throws IOException {
    // Written beside the in folder and moved in, as a partner system should, so it is never
    // picked up half-written.
    Path temporary = exchange(ods, "in").resolve(fileName + ".part");
    Files.write(temporary, content);
    Files.move(
        temporary,
        exchange(ods, "in").resolve(fileName),
        java.nio.file.StandardCopyOption.ATOMIC_MOVE);
  }

  private String messageIdForFile(String fileName) {
    return jdbc.sql("SELECT id FROM inbound_message WHERE source_name = ?")
        .param(fileName)
        .query(String.class)
        .optional()
        .orElse(null);
  }

  private String statusOf(String messageId) {
    return jdbc.sql("SELECT status FROM inbound_message WHERE id = ?")
        .param(messageId)
        .query(String.class)
        .single();
  }

  private String inboundStatusForFile(String fileName) {
    return jdbc.sql("SELECT status FROM inbound_message WHERE source_name = ?")
        .param(fileName)
        .query(String.class)
        .single();
  }

  private List<String> outboxStatuses(String messageId) {
    return jdbc.sql("SELECT status FROM outbox WHERE message_id = ? ORDER BY id")
        .param(messageId)
        .query(String.class)
        .list();
  }

  private byte[] entryBytes(long index) {
    return jdbc.sql("SELECT entry_bytes FROM ledger_entry WHERE entry_index = ?")
        .param(index)
        .query((rs, row) -> rs.getBytes(1))
        .single();
  }

  private byte[] storedLeafHash(long index) {
    return jdbc.sql("SELECT leaf_hash FROM ledger_entry WHERE entry_index = ?")
        .param(index)
        .query((rs, row) -> rs.getBytes(1))
        .single();
  }

  private static byte[] rfc6962LeafHash(byte[] entry) {
    byte[] prefixed = new byte[entry.length + 1];
    System.arraycopy(entry, 0, prefixed, 1, entry.length);
    return java.util.HexFormat.of().parseHex(sha256Hex(prefixed));
  }

  private static List<Path> csvFilesIn(Path folder) throws IOException {
    try (var files = Files.list(folder)) {
      return files.filter(p -> p.toString().endsWith(".csv")).toList();
    }
  }
}
