package org.concordat.broker;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.concordat.adapters.fhir.validation.UkCoreValidator;
import org.concordat.adapters.fhir.validation.ValidationReport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Every FHIR resource the broker produces validates against FHIR R4 and UK Core with zero errors
 * (codes the offline chain cannot check, such as SNOMED CT, are warnings at most).
 */
class ProducedResourcesValidateIT extends BrokerITSupport {
  @Autowired UkCoreValidator validator;

  private void assertValid(String text) {
    ValidationReport report = validator.validate(text);
    assertThat(report.errors()).as(text).isEmpty();
  }

  @Test
  void theDecisionOutcomesOfProcessMessageValidate() {
    HttpResponse<String> permitted =
        postNotice("rxa", notice("discharge-notice-RXA-to-XLA001.json"));
    HttpResponse<String> denied = postNotice("rxa", notice("discharge-notice-RXA-to-XVO001.json"));
    assertThat(permitted.statusCode()).isEqualTo(200);
    assertThat(denied.statusCode()).isEqualTo(422);
    assertValid(permitted.body());
    assertValid(denied.body());
  }

  @Test
  void theAuditEventsOfTheLedgerValidate() {
    postNotice("rxa", notice("discharge-notice-RXA-to-XLA001.json"));
    HttpResponse<String> bundle =
        get(
            "/fhir/AuditEvent?patient:identifier=https://fhir.nhs.uk/Id/nhs-number%7C9990000018",
            "ig-lead", "demo-only-ig-lead");
    assertThat(bundle.statusCode()).isEqualTo(200);
    assertThat(json(bundle.body()).path("entry").size()).isGreaterThan(0);
    assertValid(bundle.body());
  }

  @Test
  void errorAnswersValidate() {
    HttpResponse<String> malformed =
        post("/fhir/$process-message", "rxa", "demo-only-rxa", FHIR_JSON, "{not json".getBytes());
    assertThat(malformed.statusCode()).isEqualTo(400);
    assertValid(malformed.body());
    HttpResponse<String> forbidden = get("/fhir/Consent?status=active", null, null);
    assertThat(forbidden.statusCode()).isEqualTo(401);
    assertValid(forbidden.body());
  }
}
