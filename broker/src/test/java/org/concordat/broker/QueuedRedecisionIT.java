package org.concordat.broker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Deciding queued disclosures again after a change that narrows what is allowed: what the ledger
 * says about a delivery that cannot be re-queued.
 */
class QueuedRedecisionIT extends BrokerITSupport {
  @Autowired CamelContext camel;

  @Test
  void aRequeueThatCannotHappenIsNeverClaimedInTheLedger() throws Exception {
    String nhs = ConsentIT.nhsNumber("999611007");
    String messageId;
    camel.getRouteController().stopRoute("outbox-relay");
    try {
      HttpResponse<String> queued =
          postNotice(
              "rxa",
              new String(notice("discharge-notice-RXA-to-XLA001.json"), StandardCharsets.UTF_8)
                  .replace("9990000018", nhs)
                  .getBytes(StandardCharsets.UTF_8));
      assertThat(queued.statusCode()).as(queued.body()).isEqualTo(200);
      messageId = json(queued.body()).path("id").asText();
      // The stored message can no longer be understood (as if its format had been retired).
      jdbc.sql("UPDATE inbound_message SET payload = ? WHERE id = ?")
          .params("{}".getBytes(StandardCharsets.UTF_8), messageId)
          .update();

      // The person refuses one category of what was queued: the rest is still permitted.
      HttpResponse<String> refusal =
          post("/fhir/Consent", "rxa", "demo-only-rxa", FHIR_JSON, encounterRefusal(nhs));
      assertThat(refusal.statusCode()).as(refusal.body()).isEqualTo(201);
    } finally {
      camel.getRouteController().startRoute("outbox-relay");
    }
    List<JsonNode> entries = ledgerEntriesFor(messageId);
    assertThat(entries)
        .extracting(e -> e.path("type").asText())
        .containsExactly("disclosure", "delivery-cancelled");
    String why = entries.get(1).path("body").path("reasons").get(0).path("text").asText();
    assertThat(why)
        .contains("permitted only in part")
        .contains("could not be understood again")
        .contains("nothing is sent")
        .doesNotContain("sent under a new entry");
    assertThat(
            jdbc.sql("SELECT status FROM outbox WHERE message_id = ? ORDER BY id")
                .param(messageId)
                .query(String.class)
                .list())
        .containsExactly("CANCELLED");
  }

  /** A refusal of the encounter category only, for hospital discharge to the council. */
  private static byte[] encounterRefusal(String nhs) {
    ObjectNode consent =
        (ObjectNode)
            json(
                new String(
                    ConsentFixture.refusal(nhs, "hospital-discharge", "XLA001", "RXA"),
                    StandardCharsets.UTF_8));
    ((ObjectNode) consent.get("provision"))
        .putArray("code")
        .addObject()
        .putArray("coding")
        .addObject()
        .put("system", "https://fhir.concordat.example/CodeSystem/data-category")
        .put("code", "encounter");
    return bytes(consent);
  }
}
