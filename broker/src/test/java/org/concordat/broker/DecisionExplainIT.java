package org.concordat.broker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The dry-run decision over HTTP: explained, never disclosed or recorded. */
class DecisionExplainIT extends BrokerITSupport {
  private static final String JSON_TYPE = "application/json";

  @Test
  void explainsAPermitWithItsFlowAndWithheldCategoriesWithoutRecordingIt() {
    long ledgerBefore = ledgerSize();

    HttpResponse<String> response =
        explain(
            "ig-lead",
            "{\"from\":\"RXA\",\"to\":\"XLA001\",\"purpose\":\"hospital-discharge\","
                + "\"categories\":[\"demographics\",\"contacts\"],\"at\":\"2026-06-01T09:00:00Z\"}");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    JsonNode view = json(response.body());
    assertThat(view.path("outcome").asText()).isEqualTo("permit-with-redactions");
    assertThat(view.path("flow").path("to").asText()).isEqualTo("XLA001");
    assertThat(view.path("permitted").toString()).isEqualTo("[\"demographics\"]");
    assertThat(view.path("withheld").path("contacts").path("code").asText())
        .isEqualTo("category-not-in-flow");
    assertThat(view.path("protocol").path("id").asText()).isEqualTo("northmoor-integrated-care");
    assertThat(ledgerSize()).isEqualTo(ledgerBefore);
  }

  @Test
  void explainsADenialWithItsReason() {
    HttpResponse<String> response =
        explain(
            "ig-lead", "{\"from\":\"RXA\",\"to\":\"XVO001\",\"purpose\":\"hospital-discharge\"}");

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode view = json(response.body());
    assertThat(view.path("outcome").asText()).isEqualTo("deny");
    assertThat(view.path("reasons").get(0).path("code").asText()).isEqualTo("no-matching-flow");
  }

  @Test
  void answersMalformedInputWithAProblemDetail() {
    HttpResponse<String> response =
        explain("ig-lead", "{\"from\":\"not an ods code\",\"to\":\"XLA001\",\"purpose\":\"x\"}");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response.body()).path("detail").asText()).contains("ODS code");
  }

  @Test
  void explainsWithThePersonsConsentWhenGivenTheirNhsNumber() {
    String nhsNumber = "9994712020";
    HttpResponse<String> recorded =
        post(
            "/fhir/Consent",
            "rxa",
            "demo-only-rxa",
            FHIR_JSON,
            ConsentFixture.refusal(nhsNumber, "hospital-discharge", "XLA001", "RXA"));
    assertThat(recorded.statusCode()).as(recorded.body()).isEqualTo(201);
    long ledgerBefore = ledgerSize();
    String discharge = "{\"from\":\"RXA\",\"to\":\"XLA001\",\"purpose\":\"hospital-discharge\"";

    HttpResponse<String> forThePerson =
        explain("ig-lead", discharge + ",\"nhsNumber\":\"" + nhsNumber + "\"}");
    HttpResponse<String> forNobody = explain("ig-lead", discharge + "}");

    assertThat(forThePerson.statusCode()).as(forThePerson.body()).isEqualTo(200);
    JsonNode view = json(forThePerson.body());
    assertThat(view.path("outcome").asText()).isEqualTo("deny");
    assertThat(view.path("reasons").get(0).path("code").asText()).isEqualTo("consent-refused");
    assertThat(view.path("consentReferences").get(0).asText()).startsWith("Consent/");
    assertThat(json(forNobody.body()).path("outcome").asText()).startsWith("permit");
    assertThat(ledgerSize()).isEqualTo(ledgerBefore);
  }

  @Test
  void answersAnInvalidNhsNumberWithAProblemThatDoesNotRepeatIt() {
    HttpResponse<String> response =
        explain(
            "ig-lead",
            "{\"from\":\"RXA\",\"to\":\"XLA001\",\"purpose\":\"hospital-discharge\","
                + "\"nhsNumber\":\"9994712021\"}");

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response.body()).path("detail").asText()).contains("check digit");
    assertThat(response.body()).doesNotContain("9994712021");
  }

  @Test
  void isNotOpenToPartnerSystems() {
    HttpResponse<String> response =
        post(
            "/api/decisions/explain",
            "rxa",
            "demo-only-rxa",
            JSON_TYPE,
            "{}".getBytes(StandardCharsets.UTF_8));

    assertThat(response.statusCode()).isEqualTo(403);
  }

  private HttpResponse<String> explain(String user, String body) {
    return post(
        "/api/decisions/explain",
        user,
        "demo-only-" + user,
        JSON_TYPE,
        body.getBytes(StandardCharsets.UTF_8));
  }

  private long ledgerSize() {
    return jdbc.sql("SELECT next_index FROM ledger_head").query(Long.class).single();
  }
}
