package org.concordat.broker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/**
 * The protocol in force as the broker enforces it: fully signed, and a suspended party's flows stop
 * at once, recorded in the ledger.
 */
class ProtocolAdministrationIT extends BrokerITSupport {

  @Test
  void showsTheExampleProtocolInForceWithEveryPartysSignature() {
    HttpResponse<String> response = get("/api/protocol", "ig-lead", "demo-only-ig-lead");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode status = json(response.body());
    assertThat(status.path("inForce").asBoolean()).isTrue();
    assertThat(status.path("protocol").path("id").asText()).isEqualTo("northmoor-integrated-care");
    assertThat(status.path("parties")).hasSize(5);
    for (JsonNode party : status.path("parties")) {
      assertThat(party.path("signature").asText()).as(party.toString()).isEqualTo("valid");
    }
  }

  @Test
  void suspendingAPartyStopsItsFlowsAtOnceAndIsRecordedInTheLedger() throws Exception {
    HttpResponse<String> suspended =
        put("XLA001", "{\"standing\":\"suspended\",\"reason\":\"Data breach under review\"}");
    try {
      assertThat(suspended.statusCode()).as(suspended.body()).isEqualTo(200);
      long index = json(suspended.body()).path("ledgerIndex").asLong();
      JsonNode entry = entryAt(index);
      assertThat(entry.path("type").asText()).isEqualTo("protocol-suspended");
      assertThat(entry.path("body").path("party").asText()).isEqualTo("XLA001");
      assertThat(entry.toString()).contains("admin").contains("Data breach under review");

      HttpResponse<String> notice =
          postNotice("rxa", notice("discharge-notice-RXA-to-XLA001.json"));
      assertThat(notice.statusCode()).isEqualTo(422);
      assertThat(notice.body()).contains("party-suspended");
    } finally {
      HttpResponse<String> reinstated =
          put("XLA001", "{\"standing\":\"active\",\"reason\":\"Review closed\"}");
      assertThat(reinstated.statusCode()).as(reinstated.body()).isEqualTo(200);
      assertThat(
              entryAt(json(reinstated.body()).path("ledgerIndex").asLong()).path("type").asText())
          .isEqualTo("party-reinstated");
    }
    HttpResponse<String> after = postNotice("rxa", notice("discharge-notice-RXA-to-XLA001.json"));
    assertThat(after.statusCode()).isEqualTo(200);
  }

  @Test
  void onlyAdministratorsChangeStandings() throws Exception {
    HttpResponse<String> response =
        send(
            "ig-lead",
            "demo-only-ig-lead",
            "XLA001",
            "{\"standing\":\"suspended\",\"reason\":\"no\"}");

    assertThat(response.statusCode()).isEqualTo(403);
  }

  @Test
  void refusesAStandingForAnOrganisationThatIsNotAParty() throws Exception {
    HttpResponse<String> response =
        put("ZZZ999", "{\"standing\":\"suspended\",\"reason\":\"Not ours\"}");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response.body()).path("detail").asText()).contains("is not a party");
  }

  private HttpResponse<String> put(String ods, String body) throws Exception {
    return send("admin", "demo-only-admin", ods, body);
  }

  private HttpResponse<String> send(String user, String password, String ods, String body)
      throws Exception {
    HttpRequest request =
        HttpRequest.newBuilder(
                URI.create(
                    "http://localhost:" + port + "/api/protocol/parties/" + ods + "/standing"))
            .header("Content-Type", "application/json")
            .header(
                "Authorization",
                "Basic "
                    + Base64.getEncoder()
                        .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)))
            .PUT(HttpRequest.BodyPublishers.ofString(body))
            .build();
    return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
  }

  private JsonNode entryAt(long index) {
    return jdbc.sql("SELECT entry_bytes FROM ledger_entry WHERE entry_index = ?")
        .param(index)
        .query((rs, row) -> json(new String(rs.getBytes(1), StandardCharsets.UTF_8)))
        .single();
  }
}
