package org.concordat.broker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** Every kind of bad input gets a 4xx and an OperationOutcome naming the problem. */
class BadInputIT extends BrokerITSupport {
  private static final String NOTICE = "discharge-notice-RXA-to-XLA001.json";

  @Test
  void rejectsMalformedJsonAsStructureError() {
    HttpResponse<String> response =
        postNotice(
            "rxa", "{\"resourceType\": \"Bundle\", \"type\": ".getBytes(StandardCharsets.UTF_8));

    assertOutcome(response, 400, "structure", "");
  }

  @Test
  void rejectsMalformedXmlAsStructureError() {
    HttpResponse<String> response =
        post(
            "/fhir/$process-message",
            "rxa",
            "demo-only-rxa",
            "application/fhir+xml",
            "<Bundle xmlns=\"http://hl7.org/fhir\"><type value=\"message\"/>"
                .getBytes(StandardCharsets.UTF_8));

    assertOutcome(response, 400, "structure", "");
  }

  @Test
  void refusesXmlWithDoctypeAndExternalEntityBeforeParsing() {
    String xxe =
        "<?xml version=\"1.0\"?>\n"
            + "<!DOCTYPE Bundle [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>\n"
            + "<Bundle xmlns=\"http://hl7.org/fhir\"><type value=\"message\"/>"
            + "<id value=\"&xxe;\"/></Bundle>";
    HttpResponse<String> response =
        post(
            "/fhir/$process-message",
            "rxa",
            "demo-only-rxa",
            "application/fhir+xml",
            xxe.getBytes(StandardCharsets.UTF_8));

    assertOutcome(response, 400, "security", "DOCTYPE");
    assertThat(response.body()).doesNotContain("root:");
  }

  @Test
  void rejectsNoticeWithoutNhsNumber() {
    ObjectNode notice = noticeTree(NOTICE);
    ArrayNode identifiers = (ArrayNode) patient(notice).path("identifier");
    identifiers.remove(0);

    HttpResponse<String> response = postNotice("rxa", bytes(notice));

    assertOutcome(response, 400, "required", "NHS number");
  }

  @Test
  void rejectsNoticeWhoseNhsNumberFailsItsCheckDigit() {
    ObjectNode notice = noticeTree(NOTICE);
    ((ObjectNode) patient(notice).path("identifier").get(0)).put("value", "9990000019");

    HttpResponse<String> response = postNotice("rxa", bytes(notice));

    assertOutcome(response, 400, "value", "modulus 11");
    assertThat(response.body()).doesNotContain("9990000019");
  }

  @Test
  void rejectsNoticeFromSenderThatIsNotAPartner() {
    ObjectNode notice = noticeTree(NOTICE);
    organisation(notice, "RXA").put("value", "ZZZ999");

    HttpResponse<String> response = postNotice("rxa", bytes(notice));

    assertOutcome(response, 422, "not-supported", "ZZZ999 as the sender, which is not a partner");
  }

  @Test
  void forbidsPartnerSendingAnotherPartnersMessage() {
    HttpResponse<String> response = postNotice("rxm", notice(NOTICE));

    assertOutcome(
        response, 403, "forbidden", "authenticated as RXM but the MessageHeader names RXA");
  }

  @Test
  void refusesBodyOverTheSizeLimit() {
    byte[] big = new byte[70_000];
    java.util.Arrays.fill(big, (byte) ' ');

    HttpResponse<String> response = postNotice("rxa", big);

    assertOutcome(response, 413, "too-long", "limit of 65536 bytes");
  }

  @Test
  void rejectsBundleThatIsNotAMessage() {
    ObjectNode notice = noticeTree(NOTICE);
    notice.put("type", "collection");

    HttpResponse<String> response = postNotice("rxa", bytes(notice));

    assertOutcome(response, 400, "structure", "message");
  }

  @Test
  void keepsEveryRejectedMessageWithItsReason() {
    HttpResponse<String> response = postNotice("rxa", "not json".getBytes(StandardCharsets.UTF_8));

    assertThat(response.statusCode()).isEqualTo(400);
    String diagnostics = json(response.body()).path("issue").get(0).path("diagnostics").asText();
    String messageId =
        diagnostics.substring(
            diagnostics.indexOf("Concordat message ") + 18, diagnostics.length() - 1);
    String status =
        jdbc.sql("SELECT status FROM inbound_message WHERE id = ?")
            .param(messageId)
            .query(String.class)
            .single();
    assertThat(status).isEqualTo("REJECTED");
  }

  private static void assertOutcome(
      HttpResponse<String> response, int status, String issueCode, String diagnosticsPart) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    JsonNode outcome = json(response.body());
    assertThat(outcome.path("resourceType").asText()).isEqualTo("OperationOutcome");
    JsonNode issue = outcome.path("issue").get(0);
    assertThat(issue.path("severity").asText()).isEqualTo("error");
    assertThat(issue.path("code").asText()).isEqualTo(issueCode);
    assertThat(issue.path("diagnostics").asText()).contains(diagnosticsPart);
  }

  private static ObjectNode patient(ObjectNode bundle) {
    for (JsonNode entry : bundle.path("entry")) {
      if (entry.path("resource").path("resourceType").asText().equals("Patient")) {
        return (ObjectNode) entry.path("resource");
      }
    }
    throw new IllegalStateException("The test notice has no Patient");
  }

  private static ObjectNode organisation(ObjectNode bundle, String ods) {
    for (JsonNode entry : bundle.path("entry")) {
      JsonNode resource = entry.path("resource");
      if (resource.path("resourceType").asText().equals("Organization")
          && resource.path("identifier").get(0).path("value").asText().equals(ods)) {
        return (ObjectNode) resource.path("identifier").get(0);
      }
    }
    throw new IllegalStateException("The test notice has no Organization " + ods);
  }
}
