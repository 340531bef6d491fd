package org.concordat.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * A message is known by its sender and its id ({@code MessageHeader.id}): a repeat gets the
 * original answer and discloses nothing, and another message under a used id is refused (409) and
 * recorded. Partner systems, MESH, HL7 v2 and Kafka all send again by design.
 */
class RepeatedMessageIT extends BrokerITSupport {
  private static final String NOTICE = "discharge-notice-RXA-to-XLA001.json";

  @Test
  void answersARepeatedNoticeWithTheOriginalDecisionAndDeliversItOnce() throws Exception {
    byte[] notice = notice(NOTICE);

    List<HttpResponse<String>> answers = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      answers.add(postNotice("rxa", notice));
    }

    for (HttpResponse<String> answer : answers) {
      assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    }
    JsonNode first = json(answers.get(0).body());
    String messageId = first.path("id").asText();
    String diagnostics = first.path("issue").get(0).path("diagnostics").asText();
    assertThat(diagnostics).startsWith("Accepted for XLA001");
    for (HttpResponse<String> answer : answers.subList(1, 3)) {
      JsonNode again = json(answer.body());
      assertThat(again.path("id").asText()).isEqualTo(messageId);
      assertThat(again.path("issue").get(0).path("diagnostics").asText()).isEqualTo(diagnostics);
    }
    List<JsonNode> entries = ledgerEntriesFor(messageId);
    assertThat(entries).hasSize(1);
    long index = entries.get(0).path("index").asLong();
    assertThat(diagnostics).contains("Recorded at ledger index " + index + ";");
    await().atMost(Duration.ofSeconds(20)).until(() -> deliveredStatuses(messageId).size() == 1);
    Path delivered = exchange("XLA001", "out").resolve("referral-" + index + ".csv");
    await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(delivered));
    assertThat(repeatsOf(messageId)).containsExactly("REPEATED", "REPEATED");
    assertThat(csvRowsCiting(messageHeaderId(json(new String(notice, "UTF-8"))))).isEqualTo(1);
  }

  @Test
  void answersARepeatedDenialWithTheOriginalDenial() {
    byte[] notice = notice("discharge-notice-RXA-to-XVO001.json");

    HttpResponse<String> first = postNotice("rxa", notice);
    HttpResponse<String> again = postNotice("rxa", notice);

    assertThat(first.statusCode()).isEqualTo(422);
    assertThat(again.statusCode()).isEqualTo(422);
    assertThat(json(again.body()).path("issue")).isEqualTo(json(first.body()).path("issue"));
    assertThat(ledgerEntriesFor(json(first.body()).path("id").asText())).hasSize(1);
  }

  @Test
  void refusesAnotherMessageUnderAnIdAlreadyUsedWith409AndRecordsIt() {
    ObjectNode notice = noticeTree(NOTICE);
    HttpResponse<String> first = postNotice("rxa", bytes(notice));
    assertThat(first.statusCode()).isEqualTo(200);
    String original = json(first.body()).path("id").asText();

    notice.put("timestamp", "2025-03-12T09:45:00+00:00");
    HttpResponse<String> reused = postNotice("rxa", bytes(notice));

    assertThat(reused.statusCode()).as(reused.body()).isEqualTo(409);
    JsonNode issue = json(reused.body()).path("issue").get(0);
    assertThat(json(reused.body()).path("resourceType").asText()).isEqualTo("OperationOutcome");
    assertThat(issue.path("code").asText()).isEqualTo("duplicate");
    assertThat(issue.path("diagnostics").asText())
        .contains("The message id " + messageHeaderId(notice))
        .contains("already used by RXA for a different message (Concordat message " + original);
    assertThat(ledgerEntriesFor(original)).hasSize(1);
    assertThat(
            jdbc.sql(
                    "SELECT status || ' ' || status_reason FROM inbound_message"
                        + " WHERE original_id = ?")
                .param(original)
                .query(String.class)
                .single())
        .startsWith("REJECTED DUPLICATE_MESSAGE_ID: The message id ");
  }

  @Test
  void disclosesOnceWhenTheSameMessageArrivesTwiceAtTheSameTime() throws Exception {
    byte[] notice = notice(NOTICE);
    ExecutorService senders = Executors.newFixedThreadPool(4);
    List<Future<HttpResponse<String>>> answers = new ArrayList<>();
    try {
      Callable<HttpResponse<String>> send = () -> postNotice("rxa", notice);
      for (int i = 0; i < 4; i++) {
        answers.add(senders.submit(send));
      }
      List<String> ids = new ArrayList<>();
      List<String> indexes = new ArrayList<>();
      for (Future<HttpResponse<String>> answer : answers) {
        HttpResponse<String> response = answer.get();
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode outcome = json(response.body());
        ids.add(outcome.path("id").asText());
        indexes.add(outcome.path("issue").get(0).path("diagnostics").asText());
      }
      assertThat(ids).containsOnly(ids.get(0));
      assertThat(indexes).containsOnly(indexes.get(0));
      assertThat(ledgerEntriesFor(ids.get(0))).hasSize(1);
      assertThat(repeatsOf(ids.get(0))).containsOnly("REPEATED").hasSize(3);
      assertThat(
              jdbc.sql("SELECT COUNT(*) FROM outbox WHERE message_id = ?")
                  .param(ids.get(0))
                  .query(Long.class)
                  .single())
          .isEqualTo(1L);
    } finally {
      senders.shutdownNow();
    }
  }

  private List<String> repeatsOf(String messageId) {
    return jdbc.sql("SELECT status FROM inbound_message WHERE original_id = ? ORDER BY received_at")
        .param(messageId)
        .query(String.class)
        .list();
  }

  private List<String> deliveredStatuses(String messageId) {
    return jdbc.sql("SELECT status FROM outbox WHERE message_id = ? AND status = 'DELIVERED'")
        .param(messageId)
        .query(String.class)
        .list();
  }

  /** How many delivered CSV files carry a row for this message header id. */
  private static long csvRowsCiting(String headerId) throws java.io.IOException {
    try (var files = Files.list(exchange("XLA001", "out"))) {
      return files
          .filter(p -> p.toString().endsWith(".csv"))
          .filter(
              p -> {
                try {
                  return Files.readString(p).contains("\r\n" + headerId + ",");
                } catch (java.io.IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              })
          .count();
    }
  }
}
