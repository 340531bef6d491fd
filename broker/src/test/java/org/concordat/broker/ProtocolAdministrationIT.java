package org.concordat.broker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.List;
import org.apache.camel.CamelContext;
import org.concordat.adapters.crypto.BouncyCastleEd25519Signer;
import org.concordat.adapters.crypto.Ed25519Keys;
import org.concordat.protocols.agreement.RejoinSignature;
import org.concordat.protocols.sharing.OdsCode;
import org.concordat.protocols.sharing.Protocol;
import org.concordat.protocols.sharing.ProtocolReader;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * The protocol in force as the broker enforces it: fully signed, and a suspended party's flows stop
 * at once, recorded in the ledger, with what is queued decided again; a withdrawn party rejoins
 * only by signing again.
 */
class ProtocolAdministrationIT extends BrokerITSupport {
  @Autowired CamelContext camel;

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
  void suspendingAPartyCancelsTheDeliveriesAlreadyQueuedForIt() throws Exception {
    String nhs = ConsentIT.nhsNumber("999611002");
    String messageId;
    camel.getRouteController().stopRoute("outbox-relay");
    try {
      HttpResponse<String> queued = postNotice("rxa", dischargeNotice(nhs));
      assertThat(queued.statusCode()).as(queued.body()).isEqualTo(200);
      messageId = json(queued.body()).path("id").asText();
      assertThat(outboxStatuses(messageId)).containsExactly("PENDING");

      HttpResponse<String> suspended =
          put("XLA001", "{\"standing\":\"suspended\",\"reason\":\"Data breach under review\"}");
      assertThat(suspended.statusCode()).as(suspended.body()).isEqualTo(200);

      assertThat(outboxStatuses(messageId)).containsExactly("CANCELLED");
    } finally {
      HttpResponse<String> reinstated =
          put("XLA001", "{\"standing\":\"active\",\"reason\":\"Review closed\"}");
      assertThat(reinstated.statusCode()).as(reinstated.body()).isEqualTo(200);
      camel.getRouteController().startRoute("outbox-relay");
    }
    List<JsonNode> entries = ledgerEntriesFor(messageId);
    assertThat(entries)
        .extracting(e -> e.path("type").asText())
        .containsExactly("disclosure", "delivery-cancelled");
    JsonNode reasons = entries.get(1).path("body").path("reasons");
    assertThat(reasons.findValuesAsText("code")).contains("delivery-cancelled", "party-suspended");
    assertThat(reasons.get(0).path("text").asText())
        .contains("XLA001")
        .contains("suspended")
        .contains("ledger index " + entries.get(0).path("index").asLong());
    // Reinstated, the relay running again: the cancelled delivery stays cancelled.
    assertThat(outboxStatuses(messageId)).containsExactly("CANCELLED");
  }

  @Test
  void aWithdrawnPartyRejoinsOnlyBySigningTheProtocolInForceAgain() throws Exception {
    String nhs = ConsentIT.nhsNumber("999611003");
    String messageId;
    long withdrawal = -1;
    // Whatever fails below, the shared broker is left with the protocol in force again.
    try {
      camel.getRouteController().stopRoute("outbox-relay");
      try {
        HttpResponse<String> queued = postNotice("rxa", dischargeNotice(nhs));
        assertThat(queued.statusCode()).as(queued.body()).isEqualTo(200);
        messageId = json(queued.body()).path("id").asText();

        // XVO001 is neither sender nor recipient, but its withdrawal ends the agreement itself.
        HttpResponse<String> withdrawn =
            put("XVO001", "{\"standing\":\"withdrawn\",\"reason\":\"Board decision\"}");
        assertThat(withdrawn.statusCode()).as(withdrawn.body()).isEqualTo(200);
        withdrawal = json(withdrawn.body()).path("ledgerIndex").asLong();
        assertThat(json(withdrawn.body()).path("protocol").path("inForce").asBoolean()).isFalse();
        assertThat(outboxStatuses(messageId)).containsExactly("CANCELLED");
        assertThat(
                ledgerEntriesFor(messageId)
                    .get(1)
                    .path("body")
                    .path("reasons")
                    .findValuesAsText("code"))
            .contains("delivery-cancelled", "party-withdrawn");

        // No grant can take effect while nothing is in force.
        HttpResponse<String> grant =
            post(
                "/api/break-glass",
                "dr-patel",
                "demo-only-dr-patel",
                "application/json",
                ("{\"nhsNumber\":\""
                        + nhs
                        + "\",\"purpose\":\"hospital-discharge\",\"recipient\":\"XLA001\","
                        + "\"reason\":\"Unconscious after a fall; council must arrange care today\","
                        + "\"duration\":\"PT1H\"}")
                    .getBytes(StandardCharsets.UTF_8));
        assertThat(grant.statusCode()).as(grant.body()).isEqualTo(422);
        assertThat(grant.body()).contains("No protocol is in force");
      } finally {
        camel.getRouteController().startRoute("outbox-relay");
      }
      // An administrator alone cannot undo a withdrawal, nor turn it into a suspension.
      HttpResponse<String> reinstated =
          put("XVO001", "{\"standing\":\"active\",\"reason\":\"They changed their mind\"}");
      assertThat(reinstated.statusCode()).as(reinstated.body()).isEqualTo(409);
      assertThat(json(reinstated.body()).path("detail").asText())
          .contains("rejoins only by signing the protocol in force again")
          .contains("ledger entry " + withdrawal);
      assertThat(
              put("XVO001", "{\"standing\":\"suspended\",\"reason\":\"Halfway back\"}")
                  .statusCode())
          .isEqualTo(409);

      // The signature it made before withdrawing does not count again (Ed25519 is deterministic).
      JsonNode old = oldSignatureOf("XVO001");
      HttpResponse<String> replayed =
          postSignature(
              "admin",
              rejoinJson(
                  old.path("key").asText(),
                  old.path("protocol-sha256").asText(),
                  withdrawal,
                  old.path("signature").asText()));
      assertThat(replayed.statusCode()).as(replayed.body()).isEqualTo(422);
      assertThat(replayed.body()).contains("does not verify over the rejoin statement");

      // Another partner cannot submit XVO001's signature.
      RejoinSignature fresh = rejoinSignature(withdrawal);
      String freshJson =
          rejoinJson(fresh.key().text(), fresh.protocolSha256(), withdrawal, fresh.signature());
      assertThat(postSignature("xla001", freshJson).statusCode()).isEqualTo(403);

      HttpResponse<String> rejoined = postSignature("xvo001", freshJson);
      assertThat(rejoined.statusCode()).as(rejoined.body()).isEqualTo(200);
      JsonNode answer = json(rejoined.body());
      assertThat(answer.path("protocol").path("inForce").asBoolean()).isTrue();
      JsonNode signed = entryAt(answer.path("ledgerIndex").asLong());
      assertThat(signed.path("type").asText()).isEqualTo("protocol-signed");
      assertThat(signed.path("body").path("party").asText()).isEqualTo("XVO001");
      assertThat(signed.path("body").path("reason").asText())
          .contains("to rejoin after withdrawing (ledger entry " + withdrawal + ")");
      assertThat(answer.path("ledgerIndex").asLong()).isGreaterThan(withdrawal);

      // The same signature again: XVO001 no longer stands withdrawn.
      assertThat(postSignature("xvo001", freshJson).statusCode()).isEqualTo(409);
    } finally {
      if (withdrawal >= 0
          && !json(get("/api/protocol", "ig-lead", "demo-only-ig-lead").body())
              .path("inForce")
              .asBoolean()) {
        postSignature(
            "admin",
            rejoinJson(
                rejoinSignature(withdrawal).key().text(),
                rejoinSignature(withdrawal).protocolSha256(),
                withdrawal,
                rejoinSignature(withdrawal).signature()));
      }
    }
    HttpResponse<String> after = postNotice("rxa", dischargeNotice(nhs));
    assertThat(after.statusCode()).as(after.body()).isEqualTo(200);
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

  private RejoinSignature rejoinSignature(long withdrawal) throws Exception {
    Path example = Path.of("../config/partnerships/example");
    Protocol protocol = ProtocolReader.read(example.resolve("protocol.yaml"));
    return RejoinSignature.sign(
        protocol,
        OdsCode.of("XVO001"),
        withdrawal,
        new BouncyCastleEd25519Signer(
            protocol.party(OdsCode.of("XVO001")).orElseThrow().signingKeys().get(0).name(),
            Ed25519Keys.readPrivateKey(example.resolve("demo-keys/XVO001.key.pem"))));
  }

  private static JsonNode oldSignatureOf(String ods) throws Exception {
    for (JsonNode signature :
        JSON.readTree(
            Files.readString(Path.of("../config/partnerships/example/protocol.signatures.json")))) {
      if (signature.path("party").asText().equals(ods)) {
        return signature;
      }
    }
    throw new IllegalStateException("No signature of " + ods);
  }

  private static String rejoinJson(String key, String sha256, long withdrawal, String signature) {
    return JSON.createObjectNode()
        .put("party", "XVO001")
        .put("key", key)
        .put("protocol-sha256", sha256)
        .put("withdrawal-index", withdrawal)
        .put("signature", signature)
        .toString();
  }

  private HttpResponse<String> postSignature(String user, String body) {
    return post(
        "/api/protocol/signatures",
        user,
        "demo-only-" + user,
        "application/json",
        body.getBytes(StandardCharsets.UTF_8));
  }

  private List<String> outboxStatuses(String messageId) {
    return jdbc.sql("SELECT status FROM outbox WHERE message_id = ? ORDER BY id")
        .param(messageId)
        .query(String.class)
        .list();
  }

  private static byte[] dischargeNotice(String nhsNumber) {
    return new String(notice("discharge-notice-RXA-to-XLA001.json"), StandardCharsets.UTF_8)
        .replace("9990000018", nhsNumber)
        .getBytes(StandardCharsets.UTF_8);
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
