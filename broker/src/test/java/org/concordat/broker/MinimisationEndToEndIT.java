package org.concordat.broker;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Data minimisation is exact, end to end: a discharge notice that carries the person's contact
 * details and diagnoses, which the protocol's hospital discharge flow to the council does not
 * include, reaches the council with none of their values anywhere in the delivered file, and with
 * every value of the categories the flow does include.
 */
class MinimisationEndToEndIT extends BrokerITSupport {
  private static final String MOBILE = "07700 900731";
  private static final String EMAIL = "margaret.ashworth@example.org";
  private static final String HOME_PHONE = "01632 960123";
  private static final String DIAGNOSIS_CODE = "429998004";
  private static final String DIAGNOSIS = "Vascular dementia";
  private static final String DIAGNOSIS_ONSET = "2023-11-02";

  @Test
  void leavesNoTraceOfAWithheldCategoryInTheDeliveredFile() throws Exception {
    ObjectNode notice = noticeWithContactsAndADiagnosis();

    HttpResponse<String> response = postNotice("rxa", bytes(notice));

    assertThat(response.statusCode()).isEqualTo(200);
    String messageId = json(response.body()).path("id").asText();
    JsonNode entry = ledgerEntriesFor(messageId).get(0);
    JsonNode body = entry.path("body");
    assertThat(body.path("disclosed").toString()).isEqualTo("[\"demographics\",\"encounter\"]");
    assertThat(body.path("withheld").path("contacts").path("code").asText())
        .isEqualTo("category-not-in-flow");
    long index = entry.path("index").asLong();
    Path delivered = exchange("XLA001", "out").resolve("referral-" + index + ".csv");
    await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(delivered));
    byte[] file = Files.readAllBytes(delivered);
    String csv = new String(file, UTF_8);

    for (String withheld :
        List.of(MOBILE, EMAIL, HOME_PHONE, "960731", "900731", DIAGNOSIS_CODE, DIAGNOSIS)) {
      assertThat(csv).as("withheld %s", withheld).doesNotContain(withheld);
    }
    assertThat(csv).doesNotContain(DIAGNOSIS_ONSET).doesNotContain("dementia");
    for (String permitted :
        List.of(
            "9990000018",
            "Ashworth",
            "Margaret Ellen",
            "1938-07-14",
            "female",
            "NM4 7QT",
            "IMP",
            "in-progress",
            "2025-03-03T14:20:00+00:00",
            "2025-03-14T12:00:00+00:00")) {
      assertThat(csv).as("permitted %s", permitted).contains(permitted);
    }
    // The phone column is there, and empty: the category is withheld, not the format changed.
    List<String> lines = List.of(csv.split("\r\n"));
    int phone = List.of(lines.get(0).split(",")).indexOf("phone");
    assertThat(lines.get(1).split(",", -1)[phone]).isEmpty();
    assertThat(body.path("payloadSha256").asText()).isEqualTo(sha256Hex(file));
  }

  /**
   * The sample discharge notice with a fresh id, a mobile number and an e-mail address beside the
   * home number, and a Condition (a diagnosis) that the ServiceRequest gives as its reason.
   */
  private static ObjectNode noticeWithContactsAndADiagnosis() {
    ObjectNode notice = noticeTree("discharge-notice-RXA-to-XLA001.json");
    String messageId = UUID.randomUUID().toString();
    notice.put("id", UUID.randomUUID().toString());
    ArrayNode entries = (ArrayNode) notice.path("entry");
    ObjectNode header = (ObjectNode) entries.get(0);
    header.put("fullUrl", "urn:uuid:" + messageId);
    ((ObjectNode) header.path("resource")).put("id", messageId);
    String patientUrl = null;
    for (JsonNode entry : entries) {
      ObjectNode resource = (ObjectNode) entry.path("resource");
      if (resource.path("resourceType").asText().equals("Patient")) {
        patientUrl = entry.path("fullUrl").asText();
        ArrayNode telecom = (ArrayNode) resource.path("telecom");
        telecom.addObject().put("system", "phone").put("value", MOBILE).put("use", "mobile");
        telecom.addObject().put("system", "email").put("value", EMAIL).put("use", "home");
      }
    }
    String conditionUrl = "urn:uuid:" + UUID.randomUUID();
    ObjectNode condition = entries.addObject();
    condition.put("fullUrl", conditionUrl);
    ObjectNode resource = condition.putObject("resource");
    resource.put("resourceType", "Condition");
    resource
        .putObject("clinicalStatus")
        .putArray("coding")
        .addObject()
        .put("system", "http://terminology.hl7.org/CodeSystem/condition-clinical")
        .put("code", "active");
    resource
        .putObject("code")
        .putArray("coding")
        .addObject()
        .put("system", "http://snomed.info/sct")
        .put("code", DIAGNOSIS_CODE)
        .put("display", DIAGNOSIS);
    resource.putObject("subject").put("reference", patientUrl);
    resource.put("onsetDateTime", DIAGNOSIS_ONSET);
    for (JsonNode entry : entries) {
      ObjectNode request = (ObjectNode) entry.path("resource");
      if (request.path("resourceType").asText().equals("ServiceRequest")) {
        request.putArray("reasonReference").addObject().put("reference", conditionUrl);
      }
    }
    return notice;
  }
}
