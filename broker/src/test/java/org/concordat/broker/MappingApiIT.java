package org.concordat.broker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;

/** {@code POST /api/mappings/test}: the same as {@code mapping test}, for integrators over HTTP. */
class MappingApiIT extends BrokerITSupport {
  private static final String JSON_TYPE = "application/json";
  private static final String FORM =
      "{\"referralId\": \"VR-2026-00417\", \"person\": {\"familyName\": \"Whitfield\","
          + " \"givenNames\": \"Rosa May\", \"nhsNumber\": \"999 000 0042\"},"
          + " \"supportNeeded\": \"housing\", \"consentToShare\": \"yes\"}";

  private HttpResponse<String> test(String user, String mapping, String direction, String input) {
    ObjectNode request = JSON.createObjectNode();
    request.put("mapping", mapping);
    request.put("direction", direction);
    request.put("input", input);
    return post("/api/mappings/test", user, "demo-only-" + user, JSON_TYPE, bytes(request));
  }

  @Test
  void testsTheOfficialDstu2AdwNoticeAsThePipelineReadsIt() throws Exception {
    String dstu2 =
        java.nio.file.Files.readString(
            java.nio.file.Path.of(
                "../config/samples/adw-dstu2-discharge-notice-RXA-to-XLA001.xml"));

    HttpResponse<String> out = test("ig-lead", "adw-notice-to-referral-csv", "out", dstu2);

    assertThat(out.statusCode()).as(out.body()).isEqualTo(200);
    JsonNode result = json(out.body());
    assertThat(result.path("translated").asInt()).as(out.body()).isEqualTo(1);
    assertThat(result.path("document").asText()).contains(",9990000107,");
  }

  @Test
  void translatesAFormIntoAFhirBundleAndBack() {
    HttpResponse<String> in = test("ig-lead", "voluntary-referral-form", "in", FORM);

    assertThat(in.statusCode()).as(in.body()).isEqualTo(200);
    JsonNode result = json(in.body());
    assertThat(result.path("translated").asInt()).isEqualTo(1);
    assertThat(result.path("problems").size()).isZero();
    JsonNode bundle = result.path("records").path(0).path("output");
    assertThat(bundle.path("resourceType").asText()).isEqualTo("Bundle");

    HttpResponse<String> out = test("admin", "voluntary-referral-form", "out", bundle.toString());

    assertThat(out.statusCode()).as(out.body()).isEqualTo(200);
    JsonNode form = json(out.body());
    assertThat(form.path("records").path(0).path("output").path("nhsNumber").asText())
        .isEqualTo("9990000042");
    assertThat(json(form.path("document").asText()).path("person").path("givenNames").asText())
        .isEqualTo("Rosa May");
  }

  @Test
  void reportsEachProblemWithItsRecordAndFieldWithoutTheValue() {
    HttpResponse<String> response =
        test(
            "ig-lead",
            "voluntary-referral-form",
            "in",
            FORM.replace("999 000 0042", "999 000 0043"));

    assertThat(response.statusCode()).isEqualTo(200);
    JsonNode problem = json(response.body()).path("problems").path(0);
    assertThat(problem.path("record").asInt()).isEqualTo(1);
    assertThat(problem.path("field").asText()).isEqualTo("nhsNumber");
    assertThat(problem.path("severity").asText()).isEqualTo("error");
    assertThat(json(response.body()).path("failedRecords").toString()).isEqualTo("[1]");
    assertThat(response.body()).doesNotContain("0043");
  }

  @Test
  void answersNotFoundForAnUnknownMappingAndBadRequestForAnUnknownDirection() {
    assertThat(test("ig-lead", "no-such-mapping", "in", FORM).statusCode()).isEqualTo(404);
    assertThat(test("ig-lead", "../partnerships/example/protocol", "in", FORM).statusCode())
        .isEqualTo(404);
    assertThat(test("ig-lead", "voluntary-referral-form", "sideways", FORM).statusCode())
        .isEqualTo(400);
  }

  @Test
  void isForIntegratorsNotPartnerSystems() {
    assertThat(test("xvo001", "voluntary-referral-form", "in", FORM).statusCode()).isEqualTo(403);
    assertThat(get("/api/mappings", null, null).statusCode()).isEqualTo(401);
  }

  @Test
  void listsTheInstalledMappings() {
    HttpResponse<String> response = get("/api/mappings", "ig-lead", "demo-only-ig-lead");

    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body()).contains("\"name\":\"voluntary-referral-form\"");
  }
}
