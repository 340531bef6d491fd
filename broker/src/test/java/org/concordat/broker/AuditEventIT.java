package org.concordat.broker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The ledger as FHIR AuditEvents for an IG lead, searched by the person's NHS number. */
class AuditEventIT extends BrokerITSupport {
  private static final String SEARCH =
      "/fhir/AuditEvent?patient:identifier=https://fhir.nhs.uk/Id/nhs-number%7C";

  @Test
  void presentsEachDisclosureAndDenialAboutThePersonAsABalpAuditEvent() {
    postNotice("rxa", notice("discharge-notice-RXA-to-XLA001.json"));
    postNotice("rxa", notice("discharge-notice-RXA-to-XVO001.json"));

    HttpResponse<String> response = get(SEARCH + "9990000018", "ig-lead", "demo-only-ig-lead");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode bundle = json(response.body());
    assertThat(bundle.path("resourceType").asText()).isEqualTo("Bundle");
    List<JsonNode> events = new ArrayList<>();
    bundle.path("entry").forEach(e -> events.add(e.path("resource")));
    long expected =
        jdbc.sql(
                "SELECT COUNT(*) FROM ledger_entry WHERE subject_hash = ?"
                    + " AND entry_type IN ('disclosure', 'denial', 'delivery-failed')")
            .param(expectedSubjectHash("9990000018"))
            .query(Long.class)
            .single();
    assertThat(events).hasSize((int) expected);
    boolean sawPermit = false;
    boolean sawDenial = false;
    for (JsonNode event : events) {
      assertThat(event.path("type").path("code").asText()).isEqualTo("110106");
      assertThat(event.path("subtype").get(0).path("code").asText()).isEqualTo("disclose");
      assertThat(event.path("agent").get(0).path("who").path("identifier").path("value").asText())
          .isEqualTo("RXA");
      String recipient =
          event.path("agent").get(1).path("who").path("identifier").path("value").asText();
      String index = event.path("id").asText().replace("ledger-", "");
      assertThat(event.path("entity").get(1).path("what").path("identifier").path("value").asText())
          .isEqualTo(index);
      if (recipient.equals("XLA001") && event.path("outcome").asText().equals("0")) {
        sawPermit = true;
      }
      if (recipient.equals("XVO001")) {
        assertThat(event.path("outcome").asText()).isEqualTo("4");
        assertThat(event.path("outcomeDesc").asText()).contains("no flow from RXA to XVO001");
        sawDenial = true;
      }
    }
    assertThat(sawPermit).isTrue();
    assertThat(sawDenial).isTrue();
  }

  @Test
  void answersAnInvalidNhsNumberWithAnOperationOutcome() {
    HttpResponse<String> response = get(SEARCH + "9990000019", "ig-lead", "demo-only-ig-lead");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response.body()).path("resourceType").asText()).isEqualTo("OperationOutcome");
    assertThat(response.body()).contains("modulus 11");
  }

  @Test
  void isForInformationGovernanceNotPartnerSystems() {
    assertThat(get(SEARCH + "9990000018", "rxa", "demo-only-rxa").statusCode()).isEqualTo(403);
  }
}
