package org.concordat.broker;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The national data opt-out: imported from a check result, applied to secondary use only. */
class OptOutIT extends BrokerITSupport {
  private static final String IG = "ig-lead";
  private static final String OPTED_OUT = ConsentIT.nhsNumber("999400001");
  private static final String NOT_OPTED_OUT = ConsentIT.nhsNumber("999400002");
  private static final String NEVER_CHECKED = ConsentIT.nhsNumber("999400003");

  private HttpResponse<String> importCheck(String submitted, String returned) {
    ObjectNode body = JSON.createObjectNode();
    body.put("submittedName", "cohort-2026-11.csv");
    body.put("submitted", submitted);
    body.put("returnedName", "cohort-2026-11-returned.csv");
    body.put("returned", returned);
    return post(
        "/api/opt-out/imports",
        IG,
        "demo-only-" + IG,
        "application/json",
        body.toString().getBytes(StandardCharsets.UTF_8));
  }

  private List<String> explain(String from, String to, String purpose, String nhs) {
    return explain(from, to, purpose, nhs, null);
  }

  private List<String> explain(
      String from, String to, String purpose, String nhs, java.time.Instant at) {
    ObjectNode body = JSON.createObjectNode();
    body.put("from", from).put("to", to).put("purpose", purpose).put("nhsNumber", nhs);
    if (at != null) {
      body.put("at", at.toString());
    }
    HttpResponse<String> answer =
        post(
            "/api/decisions/explain",
            IG,
            "demo-only-" + IG,
            "application/json",
            body.toString().getBytes(StandardCharsets.UTF_8));
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    List<String> codes = new ArrayList<>();
    for (JsonNode reason : json(answer.body()).get("reasons")) {
      codes.add(reason.get("code").asText());
    }
    return codes;
  }

  @Test
  void anOptOutDeniesPooledBudgetReportingButNotDirectCare() {
    // The service returns the cohort without the person who opted out (MESH file format).
    HttpResponse<String> imported =
        importCheck(OPTED_OUT + ",\n" + NOT_OPTED_OUT + ",\n", NOT_OPTED_OUT + ",\n");
    assertThat(imported.statusCode()).as(imported.body()).isEqualTo(201);
    JsonNode summary = json(imported.body());
    assertThat(summary.get("cohortSize").asInt()).isEqualTo(2);
    assertThat(summary.get("optedOut").asInt()).isEqualTo(1);
    assertThat(imported.body()).doesNotContain(OPTED_OUT).doesNotContain(NOT_OPTED_OUT);

    assertThat(explain("XLA001", "QXN", "pooled-budget-reporting", OPTED_OUT))
        .containsExactly("national-data-opt-out");
    assertThat(explain("XLA001", "QXN", "pooled-budget-reporting", NOT_OPTED_OUT))
        .contains("national-data-opt-out-checked");
    assertThat(explain("XLA001", "QXN", "pooled-budget-reporting", NEVER_CHECKED))
        .containsExactly("opt-out-status-unknown");
    assertThat(explain("RXA", "RXM", "direct-care", OPTED_OUT))
        .contains("implied-consent")
        .doesNotContain("national-data-opt-out");
  }

  @Test
  void aDryRunAfterTheCheckExpiresSeesTheStatusAsUnknownAsARealDecisionThenWould() {
    String person = ConsentIT.nhsNumber("999400005");
    HttpResponse<String> imported = importCheck(person + ",\n", person + ",\n");
    assertThat(imported.statusCode()).as(imported.body()).isEqualTo(201);
    java.time.Instant now = java.time.Instant.now();

    assertThat(
            explain(
                "XLA001",
                "QXN",
                "pooled-budget-reporting",
                person,
                now.plus(java.time.Duration.ofDays(29))))
        .contains("national-data-opt-out-checked");
    // The check is valid for 30 days (concordat.consent.opt-out-validity).
    assertThat(
            explain(
                "XLA001",
                "QXN",
                "pooled-budget-reporting",
                person,
                now.plus(java.time.Duration.ofDays(31))))
        .containsExactly("opt-out-status-unknown");
  }

  @Test
  void aMalformedFileIsRefusedNamingEachLine() {
    HttpResponse<String> refused =
        importCheck(OPTED_OUT + ",\n12345,\n" + NOT_OPTED_OUT + ",\n", NOT_OPTED_OUT + ",\n");
    assertThat(refused.statusCode()).isEqualTo(422);
    assertThat(refused.body()).contains("cohort-2026-11.csv line 2");
  }

  @Test
  void aReturnedFileThatDoesNotBelongToTheCohortIsRefused() {
    HttpResponse<String> refused = importCheck(NOT_OPTED_OUT + ",\n", NEVER_CHECKED + ",\n");
    assertThat(refused.statusCode()).isEqualTo(422);
    assertThat(refused.body()).contains("cohort-2026-11-returned.csv");
  }

  @Test
  void listsPastImportsNewestFirstWithoutThePeopleInThem() {
    String person = ConsentIT.nhsNumber("999400006");
    HttpResponse<String> imported = importCheck(person + ",\n", person + ",\n");
    assertThat(imported.statusCode()).as(imported.body()).isEqualTo(201);

    HttpResponse<String> listed = get("/api/opt-out/imports", IG, "demo-only-" + IG);

    assertThat(listed.statusCode()).as(listed.body()).isEqualTo(200);
    assertThat(listed.headers().firstValue("Cache-Control"))
        .hasValueSatisfying(v -> assertThat(v).contains("no-store"));
    JsonNode newest = json(listed.body()).get(0);
    assertThat(newest.fieldNames())
        .toIterable()
        .containsExactlyInAnyOrder(
            "id", "importedAt", "importedBy", "sourceName", "cohortSize", "optedOut", "expiresAt");
    assertThat(newest.get("importedBy").asText()).isEqualTo(IG);
    assertThat(newest.get("cohortSize").asInt()).isEqualTo(1);
    assertThat(newest.get("optedOut").asInt()).isZero();
    assertThat(java.time.Instant.parse(newest.get("expiresAt").asText()))
        .isAfter(java.time.Instant.parse(newest.get("importedAt").asText()));
    assertThat(listed.body()).doesNotContain(person);
  }

  @Test
  void onlyGovernanceMayImport() {
    ObjectNode body = JSON.createObjectNode();
    body.put("submitted", NOT_OPTED_OUT).put("returned", NOT_OPTED_OUT);
    HttpResponse<String> partner =
        post(
            "/api/opt-out/imports",
            "rxa",
            "demo-only-rxa",
            "application/json",
            body.toString().getBytes(StandardCharsets.UTF_8));
    assertThat(partner.statusCode()).isEqualTo(403);
  }
}
