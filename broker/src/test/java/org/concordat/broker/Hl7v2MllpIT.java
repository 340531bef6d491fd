package org.concordat.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * HL7 v2 ADT over a real MLLP connection to the example partnership's listener for the hospital
 * (RXA): the discharge becomes an ADW discharge notice, is decided and recorded like a FHIR one,
 * and is answered with an HL7 acknowledgement.
 */
class Hl7v2MllpIT extends BrokerITSupport {
  private static final byte START_BLOCK = 0x0b;
  private static final byte END_BLOCK = 0x1c;
  private static final byte CR = 0x0d;
  private static final String NHS_NUMBER = "9990000123";

  @Test
  void acknowledgesADischargeWithAaAndDeliversTheCouncilsCsvRow() throws IOException {
    String controlId = "IT" + System.nanoTime() % 1_000_000_000_000L;
    String a03 = discharge().replace("NM2025061210300017", controlId);

    List<String> ack = sendOverMllp(a03);

    assertThat(ack.get(0)).startsWith("MSH|^~\\&|CONCORDAT|NORTHMOOR|NMPAS|RXA01|");
    assertThat(ack.get(1)).startsWith("MSA|AA|" + controlId + "|Accepted for XLA001");
    String messageId = messageIdFor("mllp:RXA01:" + controlId);
    assertThat(ack.get(1)).endsWith("Concordat message " + messageId);
    assertThat(
            jdbc.sql("SELECT transport || ' ' || status FROM inbound_message WHERE id = ?")
                .param(messageId)
                .query(String.class)
                .single())
        .isEqualTo("MLLP DECIDED");

    List<JsonNode> entries = ledgerEntriesFor(messageId);
    assertThat(entries).hasSize(1);
    JsonNode entry = entries.get(0);
    assertThat(entry.path("type").asText()).isEqualTo("disclosure");
    assertThat(entry.path("body").path("purpose").asText()).isEqualTo("hospital-discharge");
    assertThat(entry.path("body").path("subject").asText())
        .isEqualTo(expectedSubjectHash(NHS_NUMBER));
    long index = entry.path("index").asLong();
    assertThat(ack.get(1)).contains("at ledger index " + index);

    Path delivered = exchange("XLA001", "out").resolve("referral-" + index + ".csv");
    await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(delivered));
    String row = Files.readString(delivered, StandardCharsets.UTF_8).split("\r\n")[1];
    // The fields come from the A03: PID-3, PID-5, PID-7, PID-8, PID-11.5, PV1-2, PV1-44, PV1-45.
    assertThat(row)
        .contains(
            ",975731000000100,Discharge Notice under the Care Act 2014 Schedule 3,RXA,XLA001,")
        .contains("," + NHS_NUMBER + ",CAVENDISH,EDITH MARGARET,1937-04-08,female,NM5 3HQ,")
        .endsWith(",IMP,finished,2025-06-03T14:10:00+01:00,2025-06-12T10:15:00+01:00");
    assertThat(entry.path("body").path("payloadSha256").asText())
        .isEqualTo(sha256Hex(Files.readAllBytes(delivered)));
  }

  @Test
  void answersARepeatedAdtWithTheOriginalAcknowledgementAndDisclosesItOnce() {
    String controlId = "ITR" + System.nanoTime() % 1_000_000_000_000L;
    String a03 = discharge().replace("NM2025061210300017", controlId);

    List<String> first = sendOverMllp(a03);
    List<String> again = sendOverMllp(a03);

    assertThat(first.get(1)).startsWith("MSA|AA|" + controlId + "|Accepted for XLA001");
    assertThat(again.get(1)).isEqualTo(first.get(1));
    String original = originalMessageIdFor("mllp:RXA01:" + controlId);
    assertThat(ledgerEntriesFor(original)).hasSize(1);
    assertThat(
            jdbc.sql("SELECT status FROM inbound_message WHERE original_id = ?")
                .param(original)
                .query(String.class)
                .list())
        .containsExactly("REPEATED");
  }

  @Test
  void refusesAnotherAdtUnderAControlIdAlreadyUsedWithAr() {
    String controlId = "ITC" + System.nanoTime() % 1_000_000_000_000L;
    String a03 = discharge().replace("NM2025061210300017", controlId);
    assertThat(sendOverMllp(a03).get(1)).startsWith("MSA|AA|" + controlId);

    List<String> ack = sendOverMllp(a03.replace("CAVENDISH", "CAVENDISH-JONES"));

    assertThat(ack.get(1))
        .startsWith("MSA|AR|" + controlId + "|Rejected (DUPLICATE_MESSAGE_ID): The message id ")
        .contains("already used by RXA for a different message")
        .doesNotContain("CAVENDISH");
    String original = originalMessageIdFor("mllp:RXA01:" + controlId);
    assertThat(ledgerEntriesFor(original)).hasSize(1);
    assertThat(
            jdbc.sql("SELECT status_reason FROM inbound_message WHERE original_id = ?")
                .param(original)
                .query(String.class)
                .single())
        .startsWith("DUPLICATE_MESSAGE_ID");
  }

  @Test
  void answersTextThatIsNotHl7WithAeAndAnErrSegment() {
    List<String> ack = sendOverMllp("this is not an HL7 message");

    assertThat(ack.get(1)).startsWith("MSA|AE||The message does not begin with an MSH segment");
    assertThat(ack.get(2)).startsWith("ERR|").contains("100&Segment sequence error&HL70357");
  }

  @Test
  void answersADischargeWithoutAnNhsNumberWithAeNamingPid3AndStoresNothing() {
    String controlId = "ITN" + System.nanoTime() % 1_000_000_000_000L;
    String a03 =
        discharge().replace("NM2025061210300017", controlId).replace("9990000123^^^NHS^NH~", "");

    List<String> ack = sendOverMllp(a03);

    assertThat(ack.get(1)).startsWith("MSA|AE|" + controlId + "|The message has no NHS number");
    assertThat(ack.get(2)).startsWith("ERR|PID^^3^101&Required field missing&HL70357");
    assertThat(messageIdFor("mllp:RXA01:" + controlId)).isNull();
  }

  @Test
  void answersAnEventItDoesNotTakeWithAr() {
    List<String> ack = sendOverMllp(discharge().replace("ADT^A03^ADT_A03", "ADT^A02^ADT_A02"));

    assertThat(ack.get(1))
        .startsWith("MSA|AR|NM2025061210300017|The ADT event A02 is not accepted");
    assertThat(ack.get(2)).startsWith("ERR|MSH^^9^201&");
  }

  private static String discharge() {
    try (InputStream in =
        Hl7v2MllpIT.class.getResourceAsStream("/hl7v2/A03-RXA-discharge-9990000123.hl7")) {
      if (in == null) {
        throw new IllegalStateException("No test message");
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Sends one message as an MLLP frame (segments ended by CR) and returns the answer's segments.
   */
  private static List<String> sendOverMllp(String message) {
    byte[] payload =
        message.replace("\r\n", "\r").replace('\n', '\r').getBytes(StandardCharsets.UTF_8);
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), MLLP_PORT)) {
      socket.setSoTimeout(30_000);
      OutputStream out = socket.getOutputStream();
      out.write(START_BLOCK);
      out.write(payload);
      out.write(END_BLOCK);
      out.write(CR);
      out.flush();
      InputStream in = socket.getInputStream();
      ByteArrayOutputStream answer = new ByteArrayOutputStream();
      int previous = -1;
      for (int b = in.read(); b != -1; b = in.read()) {
        if (previous == END_BLOCK && b == CR) {
          break;
        }
        answer.write(b);
        previous = b;
      }
      byte[] framed = answer.toByteArray();
      assertThat(framed[0]).isEqualTo(START_BLOCK);
      assertThat(framed[framed.length - 1]).isEqualTo(END_BLOCK);
      String text = new String(framed, 1, framed.length - 2, StandardCharsets.UTF_8);
      return List.of(text.split("\r"));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The first message received under a source name (a repeat is recorded against it). */
  private String originalMessageIdFor(String sourceName) {
    return jdbc.sql("SELECT id FROM inbound_message WHERE source_name = ? AND original_id IS NULL")
        .param(sourceName)
        .query(String.class)
        .single();
  }

  private String messageIdFor(String sourceName) {
    return jdbc.sql("SELECT id FROM inbound_message WHERE source_name = ?")
        .param(sourceName)
        .query(String.class)
        .optional()
        .orElse(null);
  }
}
