package org.concordat.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** Nothing but health is reachable without credentials, and each role reaches only its part. */
class SecurityIT extends BrokerITSupport {

  @Test
  void everyAnswerCarriesARequestIdOfTheBrokersOwn() {
    HttpResponse<String> refused = get("/api/ledger/checkpoints", null, null);
    HttpResponse<String> fhir = get("/fhir/metadata", null, null);
    HttpResponse<String> api = get("/api/protocol", "ig-lead", "demo-only-ig-lead");

    String uuid = "[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}";
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(refused.headers().firstValue("X-Request-ID"))
        .hasValueSatisfying(v -> assertThat(v).matches(uuid));
    assertThat(fhir.headers().firstValue("X-Request-ID"))
        .hasValueSatisfying(v -> assertThat(v).matches(uuid));
    assertThat(api.statusCode()).isEqualTo(200);
    assertThat(api.headers().firstValue("X-Request-ID"))
        .hasValueSatisfying(v -> assertThat(v).matches(uuid));
    assertThat(api.headers().firstValue("X-Request-ID"))
        .isNotEqualTo(fhir.headers().firstValue("X-Request-ID"));
  }

  @Test
  void healthIsOpen() {
    assertThat(get("/actuator/health", null, null).statusCode()).isEqualTo(200);
  }

  @Test
  void fhirEndpointNeedsAuthentication() {
    HttpResponse<String> response =
        post(
            "/fhir/$process-message",
            null,
            null,
            FHIR_JSON,
            notice("discharge-notice-RXA-to-XLA001.json"));

    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(get("/fhir/Consent?status=active", null, null).statusCode()).isEqualTo(401);
  }

  @Test
  void theCapabilityStatementIsPublic() {
    HttpResponse<String> metadata = get("/fhir/metadata", null, null);

    assertThat(metadata.statusCode()).isEqualTo(200);
    assertThat(json(metadata.body()).get("resourceType").asText()).isEqualTo("CapabilityStatement");
  }

  @Test
  void wrongPasswordIsUnauthenticated() {
    HttpResponse<String> response =
        post(
            "/fhir/$process-message",
            "rxa",
            "not-the-password",
            FHIR_JSON,
            notice("discharge-notice-RXA-to-XLA001.json"));

    assertThat(response.statusCode()).isEqualTo(401);
  }

  @Test
  void peopleCannotSendAsPartnerSystems() {
    HttpResponse<String> response =
        post(
            "/fhir/$process-message",
            "ig-lead",
            "demo-only-ig-lead",
            FHIR_JSON,
            notice("discharge-notice-RXA-to-XLA001.json"));

    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.headers().firstValue("Content-Type").orElseThrow())
        .startsWith("application/fhir+json");
    assertThat(json(response.body()).get("resourceType").asText()).isEqualTo("OperationOutcome");
    assertThat(json(response.body()).get("issue").get(0).get("code").asText())
        .isEqualTo("forbidden");
  }

  @Test
  void partnerSystemsCannotReadTheLedgerEntries() {
    HttpResponse<String> response =
        get("/api/ledger/entries?start=0&end=1", "rxa", "demo-only-rxa");
    assertThat(response.statusCode()).isEqualTo(403);
    assertThat(response.headers().firstValue("Content-Type").orElseThrow())
        .startsWith("application/problem+json");
    assertThat(json(response.body()).get("status").asInt()).isEqualTo(403);
  }

  @Test
  void anUnauthenticatedApiCallGetsAProblemAndABasicChallenge() {
    HttpResponse<String> response = get("/api/ledger/checkpoint", null, null);
    assertThat(response.statusCode()).isEqualTo(401);
    assertThat(response.headers().firstValue("WWW-Authenticate").orElseThrow()).startsWith("Basic");
    assertThat(json(response.body()).get("title").asText()).isEqualTo("Unauthorized");
  }

  @Test
  void metricsNeedTheAdminRole() {
    assertThat(get("/actuator/prometheus", null, null).statusCode()).isEqualTo(401);
    assertThat(get("/actuator/prometheus", "ig-lead", "demo-only-ig-lead").statusCode())
        .isEqualTo(403);
    HttpResponse<String> metrics = get("/actuator/prometheus", "admin", "demo-only-admin");
    assertThat(metrics.statusCode()).isEqualTo(200);
    assertThat(metrics.body()).contains("camel_");
  }

  @Test
  void onlyHealthInfoAndPrometheusAreExposed() {
    assertThat(get("/actuator/env", "admin", "demo-only-admin").statusCode()).isEqualTo(404);
    assertThat(get("/actuator/beans", "admin", "demo-only-admin").statusCode()).isEqualTo(404);
  }
}
