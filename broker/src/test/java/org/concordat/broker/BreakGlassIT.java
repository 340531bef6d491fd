package org.concordat.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.camel.CamelContext;
import org.concordat.broker.breakglass.BreakGlass;
import org.concordat.broker.breakglass.BreakGlassAlert;
import org.concordat.broker.breakglass.BreakGlassReviewed;
import org.concordat.broker.breakglass.BreakGlassRevoked;
import org.concordat.broker.events.BrokerEvent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.context.ApplicationEvent;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.PayloadApplicationEvent;

/**
 * Break-glass over HTTP: a clinician overrides a person's refusal for their own organisation's
 * flow, for a limited time, with a written reason; the grant is a ledger entry, an alert and an
 * item in the IG review queue; the disclosures it let through cite it.
 */
class BreakGlassIT extends BrokerITSupport {
  private static final String JSON_TYPE = "application/json";
  private static final String SAMPLE_NHS_NUMBER = "9990000018";
  // Fresh 999-range (test) NHS numbers, one per scenario, used by no other IT.
  private static final String REFUSING_PERSON = "9994712004";
  private static final String EXPIRY_PERSON = "9994712012";
  private static final String ANY_PERSON = "9994712039";
  private static final String SAFEGUARDING_PERSON = "9994712047";
  private static final String REASON =
      "Unconscious on arrival after a fall; council must arrange urgent care at home today";

  @Autowired ConfigurableApplicationContext context;
  @Autowired CamelContext camel;
  @Autowired BreakGlass breakGlass;

  private final List<BrokerEvent> events = new CopyOnWriteArrayList<>();
  private final ApplicationListener<ApplicationEvent> listener =
      event -> {
        if (event instanceof PayloadApplicationEvent<?> payload
            && payload.getPayload() instanceof BrokerEvent broker) {
          events.add(broker);
        }
      };

  @BeforeEach
  void listen() {
    context.addApplicationListener(listener);
  }

  @AfterEach
  void stopListening() {
    context.removeApplicationListener(listener);
  }

  @Test
  void letsARefusedDisclosureThroughOnlyOnceAClinicianBreaksGlassAndQueuesItForReview() {
    refuseDischargeSharingWithCouncil(REFUSING_PERSON);

    HttpResponse<String> refused = postNotice("rxa", dischargeNotice(REFUSING_PERSON));
    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
    assertThat(
            json(refused.body())
                .path("issue")
                .get(0)
                .path("details")
                .path("coding")
                .get(0)
                .path("code")
                .asText())
        .isEqualTo("consent-refused");

    HttpResponse<String> granted =
        grant("dr-patel", REFUSING_PERSON, "hospital-discharge", "XLA001", REASON, "PT4H");
    assertThat(granted.statusCode()).as(granted.body()).isEqualTo(201);
    assertThat(granted.headers().firstValue("Cache-Control"))
        .hasValueSatisfying(v -> assertThat(v).contains("no-store"));
    JsonNode grant = json(granted.body());
    String id = grant.path("id").asText();
    String reference = "BreakGlass/" + id;
    assertThat(grant.path("reference").asText()).isEqualTo(reference);
    assertThat(granted.headers().firstValue("Location")).hasValue("/api/break-glass/" + id);
    assertThat(
            Duration.between(
                Instant.parse(grant.path("grantedAt").asText()),
                Instant.parse(grant.path("expiresAt").asText())))
        .isEqualTo(Duration.ofHours(4));
    long grantIndex = grant.path("ledgerIndex").asLong();

    JsonNode grantEntry = ledgerEntry(grantIndex);
    assertThat(grantEntry.path("type").asText()).isEqualTo("break-glass-grant");
    JsonNode grantBody = grantEntry.path("body");
    assertThat(grantBody.path("grantId").asText()).isEqualTo(id);
    assertThat(grantBody.path("actor").path("person").asText()).isEqualTo("dr-patel");
    assertThat(grantBody.path("actor").path("role").asText()).isEqualTo("clinician");
    assertThat(grantBody.path("sender").asText()).isEqualTo("RXA");
    assertThat(grantBody.path("recipient").asText()).isEqualTo("XLA001");
    assertThat(grantBody.path("purpose").asText()).isEqualTo("hospital-discharge");
    assertThat(grantBody.path("subject").asText()).isEqualTo(expectedSubjectHash(REFUSING_PERSON));
    assertThat(grantBody.path("reason").path("sha256").asText())
        .isEqualTo(sha256Hex(REASON.getBytes(StandardCharsets.UTF_8)));
    assertThat(grantBody.path("expires").asText()).isEqualTo(grant.path("expiresAt").asText());
    assertThat(grantEntry.toString()).doesNotContain(REFUSING_PERSON).doesNotContain("fall");

    HttpResponse<String> permitted = postNotice("rxa", dischargeNotice(REFUSING_PERSON));
    assertThat(permitted.statusCode()).as(permitted.body()).isEqualTo(200);
    long disclosureIndex =
        ledgerEntriesFor(json(permitted.body()).path("id").asText()).get(0).path("index").asLong();
    JsonNode disclosure = ledgerEntry(disclosureIndex);
    assertThat(disclosure.path("type").asText()).isEqualTo("disclosure");
    assertThat(disclosure.path("body").path("consents").toString())
        .isEqualTo("[\"" + reference + "\"]");
    assertThat(disclosure.path("body").path("reasons").findValuesAsText("code"))
        .contains("break-glass");

    BreakGlassAlert alert =
        await().atMost(Duration.ofSeconds(10)).until(() -> alertFor(id), found -> found != null);
    assertThat(alert.topic()).isEqualTo("break-glass-alerts");
    assertThat(alert.key()).isEqualTo(id);
    assertThat(alert.organisation()).isEqualTo("RXA");
    assertThat(alert.actor()).isEqualTo("dr-patel");
    assertThat(alert.ledgerIndex()).isEqualTo(grantIndex);
    // The alert as it goes on the wire.
    assertThat(JSON.valueToTree(alert).toString())
        .doesNotContain(REFUSING_PERSON)
        .doesNotContain("fall");

    JsonNode queued = queued("open", id);
    assertThat(queued.path("actor").asText()).isEqualTo("dr-patel");
    assertThat(queued.path("role").asText()).isEqualTo("clinician");
    assertThat(queued.path("organisation").asText()).isEqualTo("RXA");
    assertThat(queued.path("reason").asText()).isEqualTo(REASON);
    assertThat(queued.path("expired").asBoolean()).isFalse();
    assertThat(queued.path("ledgerIndex").asLong()).isEqualTo(grantIndex);
    assertThat(queued.path("disclosures").toString()).isEqualTo("[" + disclosureIndex + "]");
    assertThat(queued.path("reviewOutcome").isNull()).isTrue();

    HttpResponse<String> reviewed =
        review(id, "appropriate", "Emergency admission; the person could not be asked.");
    assertThat(reviewed.statusCode()).as(reviewed.body()).isEqualTo(200);
    JsonNode review = json(reviewed.body());
    assertThat(review.path("reviewOutcome").asText()).isEqualTo("appropriate");
    assertThat(review.path("reviewer").asText()).isEqualTo("ig-lead");
    JsonNode reviewEntry = ledgerEntry(review.path("reviewLedgerIndex").asLong());
    assertThat(reviewEntry.path("type").asText()).isEqualTo("break-glass-review");
    assertThat(reviewEntry.path("body").path("grantId").asText()).isEqualTo(id);
    assertThat(reviewEntry.path("body").path("outcome").asText()).isEqualTo("appropriate");
    assertThat(reviewEntry.path("body").path("actor").path("person").asText()).isEqualTo("ig-lead");
    assertThat(queued("reviewed", id).path("disclosures").toString())
        .isEqualTo("[" + disclosureIndex + "]");
    assertThat(queue("open").findValuesAsText("id")).doesNotContain(id);
    await()
        .atMost(Duration.ofSeconds(10))
        .until(
            () ->
                events.stream()
                    .anyMatch(e -> e instanceof BreakGlassReviewed r && r.grantId().equals(id)));
  }

  @Test
  void recordsAReviewOnceAndAnswersASecondWithConflict() {
    String id = grantedId("dr-patel", ANY_PERSON, "hospital-discharge", "XLA001", "PT1H");

    assertThat(review(id, "inappropriate", "No emergency: the person could be asked.").statusCode())
        .isEqualTo(200);
    long ledgerBefore = ledgerSize();
    HttpResponse<String> again =
        review(id, "appropriate", "Changing my mind after the fact, which is not allowed.");

    assertThat(again.statusCode()).as(again.body()).isEqualTo(409);
    assertThat(problemDetail(again)).contains("already reviewed");
    assertThat(ledgerSize()).isEqualTo(ledgerBefore);
  }

  @Test
  void neverGrantsASecondaryUsePurposeBecauseTheOptOutIsNeverLifted() {
    HttpResponse<String> response =
        grant("dr-patel", ANY_PERSON, "pooled-budget-reporting", "QXN", REASON, "PT4H");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
    assertThat(problemDetail(response)).contains("secondary use").contains("opt-out");
  }

  @Test
  void neverOpensAFlowTheProtocolDoesNotHave() {
    HttpResponse<String> response =
        grant("dr-patel", ANY_PERSON, "hospital-discharge", "XVO001", REASON, "PT4H");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
    assertThat(problemDetail(response))
        .contains("no flow from RXA to XVO001 for hospital-discharge")
        .contains("never opens a flow");
  }

  @Test
  void refusesAReasonShorterThanTwentyCharacters() {
    HttpResponse<String> response =
        grant("dr-patel", ANY_PERSON, "hospital-discharge", "XLA001", "abc", "PT4H");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
    assertThat(problemDetail(response)).contains("at least 20 characters");
  }

  @Test
  void refusesAPlaceholderReason() {
    HttpResponse<String> test =
        grant("dr-patel", ANY_PERSON, "hospital-discharge", "XLA001", "test", "PT4H");
    HttpResponse<String> padded =
        grant(
            "dr-patel",
            ANY_PERSON,
            "hospital-discharge",
            "XLA001",
            "Break glass - EMERGENCY!!! emergency",
            "PT4H");

    assertThat(test.statusCode()).as(test.body()).isEqualTo(422);
    assertThat(problemDetail(test)).contains("placeholder");
    assertThat(padded.statusCode()).as(padded.body()).isEqualTo(422);
    assertThat(problemDetail(padded)).contains("placeholder");
    HttpResponse<String> aTest =
        grant(
            "dr-patel",
            ANY_PERSON,
            "hospital-discharge",
            "XLA001",
            "this is just a test of the system",
            "PT4H");
    assertThat(aTest.statusCode()).as(aTest.body()).isEqualTo(422);
    assertThat(problemDetail(aTest)).contains("placeholder").contains("is a test");
  }

  @Test
  void revokingAGrantEndsItAtOnceAndCancelsWhatIsQueuedUnderIt() throws Exception {
    String person = ConsentIT.nhsNumber("999611004");
    refuseDischargeSharingWithCouncil(person);
    String id = grantedId("dr-patel", person, "hospital-discharge", "XLA001", "PT4H");
    String messageId;
    camel.getRouteController().stopRoute("outbox-relay");
    try {
      HttpResponse<String> queued = postNotice("rxa", dischargeNotice(person));
      assertThat(queued.statusCode()).as(queued.body()).isEqualTo(200);
      messageId = json(queued.body()).path("id").asText();
      assertThat(outboxStatuses(messageId)).containsExactly("PENDING");

      // Only IG, an administrator or the grantee may revoke, and with a reason.
      HttpResponse<String> byAnother = revoke(id, "sw-marsh", "Not mine but I want it ended");
      assertThat(byAnother.statusCode()).as(byAnother.body()).isEqualTo(403);
      HttpResponse<String> noReason = revoke(id, "dr-patel", "");
      assertThat(noReason.statusCode()).as(noReason.body()).isEqualTo(422);

      HttpResponse<String> revoked =
          revoke(id, "dr-patel", "The person woke up and can be asked now");
      assertThat(revoked.statusCode()).as(revoked.body()).isEqualTo(200);
      JsonNode view = json(revoked.body());
      assertThat(view.path("revokedAt").isNull()).isFalse();
      assertThat(view.path("revokedBy").asText()).isEqualTo("dr-patel");
      JsonNode entry = ledgerEntry(view.path("revocationLedgerIndex").asLong());
      assertThat(entry.path("type").asText()).isEqualTo("break-glass-revocation");
      assertThat(entry.path("body").path("grantId").asText()).isEqualTo(id);
      assertThat(entry.path("body").path("actor").path("person").asText()).isEqualTo("dr-patel");
      assertThat(entry.path("body").path("subject").asText())
          .isEqualTo(expectedSubjectHash(person));
      assertThat(entry.toString()).doesNotContain(person).doesNotContain("woke up");

      assertThat(outboxStatuses(messageId)).containsExactly("CANCELLED");
    } finally {
      camel.getRouteController().startRoute("outbox-relay");
    }
    List<JsonNode> entries = ledgerEntriesFor(messageId);
    assertThat(entries)
        .extracting(e -> e.path("type").asText())
        .containsExactly("disclosure", "delivery-cancelled");
    JsonNode reasons = entries.get(1).path("body").path("reasons");
    assertThat(reasons.findValuesAsText("code")).contains("delivery-cancelled", "consent-refused");
    assertThat(reasons.get(0).path("text").asText()).contains("BreakGlass/" + id + " was revoked");

    HttpResponse<String> next = postNotice("rxa", dischargeNotice(person));
    assertThat(next.statusCode()).as(next.body()).isEqualTo(422);
    assertThat(next.body()).contains("consent-refused");
    HttpResponse<String> again = revoke(id, "ig-lead", "Revoking what is already revoked");
    assertThat(again.statusCode()).as(again.body()).isEqualTo(409);
    BrokerEvent revokedEvent =
        await()
            .atMost(Duration.ofSeconds(10))
            .until(
                () ->
                    events.stream()
                        .filter(e -> e instanceof BreakGlassRevoked r && r.grantId().equals(id))
                        .findFirst()
                        .orElse(null),
                found -> found != null);
    assertThat(revokedEvent.topic()).isEqualTo("break-glass-alerts");
    JsonNode revokedJson = JSON.valueToTree(revokedEvent);
    assertThat(revokedJson.path("revokedBy").asText()).isEqualTo("dr-patel");
    assertThat(revokedJson.toString()).doesNotContain(person).doesNotContain("woke up");
  }

  @Test
  void anInappropriateReviewRevokesWhatIsLeftOfTheGrant() throws Exception {
    String person = ConsentIT.nhsNumber("999611005");
    refuseDischargeSharingWithCouncil(person);
    String id = grantedId("dr-patel", person, "hospital-discharge", "XLA001", "PT4H");
    String messageId;
    camel.getRouteController().stopRoute("outbox-relay");
    try {
      HttpResponse<String> queued = postNotice("rxa", dischargeNotice(person));
      assertThat(queued.statusCode()).as(queued.body()).isEqualTo(200);
      messageId = json(queued.body()).path("id").asText();

      HttpResponse<String> reviewed =
          review(id, "inappropriate", "Not an emergency: the person could have been asked.");
      assertThat(reviewed.statusCode()).as(reviewed.body()).isEqualTo(200);
      JsonNode view = json(reviewed.body());
      assertThat(view.path("reviewOutcome").asText()).isEqualTo("inappropriate");
      assertThat(view.path("revokedAt").isNull()).isFalse();
      JsonNode revocation = ledgerEntry(view.path("revocationLedgerIndex").asLong());
      assertThat(revocation.path("type").asText()).isEqualTo("break-glass-revocation");
      assertThat(revocation.path("body").path("reviewIndex").asLong())
          .isEqualTo(view.path("reviewLedgerIndex").asLong());
      assertThat(outboxStatuses(messageId)).containsExactly("CANCELLED");
    } finally {
      camel.getRouteController().startRoute("outbox-relay");
    }
    HttpResponse<String> next = postNotice("rxa", dischargeNotice(person));
    assertThat(next.statusCode()).as(next.body()).isEqualTo(422);
    assertThat(next.body()).contains("consent-refused");
  }

  @Test
  void aGrantThatExpiresWhileADisclosureIsQueuedUnderItHasItDecidedAgainOnce() throws Exception {
    String person = ConsentIT.nhsNumber("999611006");
    refuseDischargeSharingWithCouncil(person);
    String messageId;
    camel.getRouteController().stopRoute("outbox-relay");
    try {
      HttpResponse<String> granted =
          grant("dr-patel", person, "hospital-discharge", "XLA001", REASON, "PT5S");
      assertThat(granted.statusCode()).as(granted.body()).isEqualTo(201);
      Instant expiresAt = Instant.parse(json(granted.body()).path("expiresAt").asText());
      HttpResponse<String> queued = postNotice("rxa", dischargeNotice(person));
      assertThat(queued.statusCode()).as(queued.body()).isEqualTo(200);
      messageId = json(queued.body()).path("id").asText();

      await().atMost(Duration.ofSeconds(15)).until(() -> Instant.now().isAfter(expiresAt));
      // The scheduled check (a timer) finds the ended grant; running it again changes nothing.
      await()
          .atMost(Duration.ofSeconds(20))
          .untilAsserted(() -> assertThat(outboxStatuses(messageId)).containsExactly("CANCELLED"));
      breakGlass.endExpired();
    } finally {
      camel.getRouteController().startRoute("outbox-relay");
    }
    List<JsonNode> entries = ledgerEntriesFor(messageId);
    assertThat(entries)
        .extracting(e -> e.path("type").asText())
        .containsExactly("disclosure", "delivery-cancelled");
    assertThat(entries.get(1).path("body").path("reasons").get(0).path("text").asText())
        .contains("expired");
  }

  @Test
  void refusesAGrantLongerThanTheLongestAllowed() {
    HttpResponse<String> tooLong =
        grant("dr-patel", ANY_PERSON, "hospital-discharge", "XLA001", REASON, "PT25H");
    HttpResponse<String> negative =
        grant("dr-patel", ANY_PERSON, "hospital-discharge", "XLA001", REASON, "-PT1H");

    assertThat(tooLong.statusCode()).as(tooLong.body()).isEqualTo(422);
    assertThat(problemDetail(tooLong)).contains("at most PT24H");
    assertThat(negative.statusCode()).as(negative.body()).isEqualTo(422);
    assertThat(problemDetail(negative)).contains("positive");
  }

  @Test
  void answersADurationThatIsNotIso8601WithABadRequestProblem() {
    HttpResponse<String> response =
        grant("dr-patel", ANY_PERSON, "hospital-discharge", "XLA001", REASON, "four hours");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(400);
    assertThat(problemDetail(response)).contains("ISO-8601");
  }

  @Test
  void refusesAnInvalidNhsNumberWithoutRepeatingIt() {
    HttpResponse<String> response =
        grant("dr-patel", "9994712005", "hospital-discharge", "XLA001", REASON, "PT4H");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
    assertThat(problemDetail(response)).contains("check digit");
    assertThat(response.body()).doesNotContain("9994712005");
  }

  @Test
  void onlyCliniciansAndSafeguardingPractitionersMayBreakGlass() {
    long ledgerBefore = ledgerSize();

    HttpResponse<String> partner =
        grant("rxa", ANY_PERSON, "hospital-discharge", "XLA001", REASON, "PT4H");
    HttpResponse<String> governance =
        grant("ig-lead", ANY_PERSON, "hospital-discharge", "XLA001", REASON, "PT4H");

    assertThat(partner.statusCode()).as(partner.body()).isEqualTo(403);
    assertThat(governance.statusCode()).as(governance.body()).isEqualTo(403);
    assertThat(ledgerSize()).isEqualTo(ledgerBefore);
  }

  @Test
  void onlyIgSeesTheQueueAndReviews() {
    String id = grantedId("dr-patel", ANY_PERSON, "hospital-discharge", "XLA001", "PT1H");

    assertThat(get("/api/break-glass", "dr-patel", "demo-only-dr-patel").statusCode())
        .isEqualTo(403);
    assertThat(
            post(
                    "/api/break-glass/" + id + "/review",
                    "dr-patel",
                    "demo-only-dr-patel",
                    JSON_TYPE,
                    "{\"outcome\":\"appropriate\",\"comment\":\"I think it was fine really.\"}"
                        .getBytes(StandardCharsets.UTF_8))
                .statusCode())
        .isEqualTo(403);
    assertThat(get("/api/break-glass", "rxa", "demo-only-rxa").statusCode()).isEqualTo(403);
  }

  @Test
  void aSafeguardingPractitionerBreaksGlassForTheirOwnOrganisationsFlowsOnly() {
    HttpResponse<String> own =
        grant("sw-marsh", SAFEGUARDING_PERSON, "hospital-discharge", "RXA", REASON, "PT2H");
    HttpResponse<String> others =
        grant("sw-marsh", SAFEGUARDING_PERSON, "hospital-discharge", "XLA001", REASON, "PT2H");

    assertThat(own.statusCode()).as(own.body()).isEqualTo(201);
    JsonNode entry = ledgerEntry(json(own.body()).path("ledgerIndex").asLong());
    assertThat(entry.path("body").path("sender").asText()).isEqualTo("XLA001");
    assertThat(entry.path("body").path("actor").path("role").asText()).isEqualTo("safeguarding");
    assertThat(others.statusCode()).as(others.body()).isEqualTo(422);
    assertThat(problemDetail(others)).contains("no flow from XLA001 to XLA001");
  }

  @Test
  void reviewingAGrantThatDoesNotExistIsNotFound() {
    HttpResponse<String> response =
        review("00000000-0000-0000-0000-000000000000", "appropriate", "Nothing to review here.");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(404);
  }

  @Test
  void aReviewStatesAFindingAndAComment() {
    String id = grantedId("dr-patel", ANY_PERSON, "hospital-discharge", "XLA001", "PT1H");

    HttpResponse<String> response = review(id, "fine", "ok");

    assertThat(response.statusCode()).as(response.body()).isEqualTo(422);
    assertThat(problemDetail(response))
        .contains("appropriate or inappropriate")
        .contains("at least 10 characters");
    assertThat(queued("open", id).path("reviewOutcome").isNull()).isTrue();
  }

  @Test
  void anExpiredGrantNoLongerLetsTheRefusedDisclosureThrough() {
    refuseDischargeSharingWithCouncil(EXPIRY_PERSON);
    HttpResponse<String> granted =
        grant("dr-patel", EXPIRY_PERSON, "hospital-discharge", "XLA001", REASON, "PT2S");
    assertThat(granted.statusCode()).as(granted.body()).isEqualTo(201);
    JsonNode grant = json(granted.body());
    Instant grantedAt = Instant.parse(grant.path("grantedAt").asText());
    Instant expiresAt = Instant.parse(grant.path("expiresAt").asText());

    // A dry run at fixed times: inside the grant's window it is a permit citing it; at its end
    // (exclusive) the refusal stands again.
    JsonNode during = explainDischarge(EXPIRY_PERSON, grantedAt.plusSeconds(1));
    JsonNode after = explainDischarge(EXPIRY_PERSON, expiresAt);
    assertThat(during.path("outcome").asText()).startsWith("permit");
    assertThat(during.path("consentReferences").toString())
        .contains("BreakGlass/" + grant.path("id").asText());
    assertThat(after.path("outcome").asText()).isEqualTo("deny");
    assertThat(after.path("reasons").get(0).path("code").asText()).isEqualTo("consent-refused");

    await().atMost(Duration.ofSeconds(10)).until(() -> Instant.now().isAfter(expiresAt));
    HttpResponse<String> refused = postNotice("rxa", dischargeNotice(EXPIRY_PERSON));

    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
    assertThat(refused.body()).contains("consent-refused");
    assertThat(queued("open", grant.path("id").asText()).path("expired").asBoolean()).isTrue();
  }

  private void refuseDischargeSharingWithCouncil(String nhsNumber) {
    HttpResponse<String> response =
        post(
            "/fhir/Consent",
            "rxa",
            "demo-only-rxa",
            FHIR_JSON,
            ConsentFixture.refusal(nhsNumber, "hospital-discharge", "XLA001", "RXA"));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
  }

  private static byte[] dischargeNotice(String nhsNumber) {
    String sample =
        new String(notice("discharge-notice-RXA-to-XLA001.json"), StandardCharsets.UTF_8);
    assertThat(sample).contains(SAMPLE_NHS_NUMBER);
    return sample.replace(SAMPLE_NHS_NUMBER, nhsNumber).getBytes(StandardCharsets.UTF_8);
  }

  private HttpResponse<String> grant(
      String user,
      String nhsNumber,
      String purpose,
      String recipient,
      String reason,
      String duration) {
    ObjectNode body = JSON.createObjectNode();
    body.put("nhsNumber", nhsNumber);
    body.put("purpose", purpose);
    body.put("recipient", recipient);
    body.put("reason", reason);
    body.put("duration", duration);
    return post("/api/break-glass", user, "demo-only-" + user, JSON_TYPE, bytes(body));
  }

  private String grantedId(
      String user, String nhsNumber, String purpose, String recipient, String duration) {
    HttpResponse<String> response = grant(user, nhsNumber, purpose, recipient, REASON, duration);
    assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
    return json(response.body()).path("id").asText();
  }

  private HttpResponse<String> revoke(String id, String user, String reason) {
    ObjectNode body = JSON.createObjectNode();
    body.put("reason", reason);
    return post(
        "/api/break-glass/" + id + "/revoke", user, "demo-only-" + user, JSON_TYPE, bytes(body));
  }

  private List<String> outboxStatuses(String messageId) {
    return jdbc.sql("SELECT status FROM outbox WHERE message_id = ? ORDER BY id")
        .param(messageId)
        .query(String.class)
        .list();
  }

  private HttpResponse<String> review(String id, String outcome, String comment) {
    ObjectNode body = JSON.createObjectNode();
    body.put("outcome", outcome);
    body.put("comment", comment);
    return post(
        "/api/break-glass/" + id + "/review",
        "ig-lead",
        "demo-only-ig-lead",
        JSON_TYPE,
        bytes(body));
  }

  private JsonNode queue(String status) {
    HttpResponse<String> response =
        get("/api/break-glass?status=" + status, "ig-lead", "demo-only-ig-lead");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    assertThat(response.headers().firstValue("Cache-Control"))
        .hasValueSatisfying(v -> assertThat(v).contains("no-store"));
    return json(response.body());
  }

  private JsonNode queued(String status, String id) {
    for (JsonNode grant : queue(status)) {
      if (grant.path("id").asText().equals(id)) {
        return grant;
      }
    }
    throw new AssertionError("BreakGlass/" + id + " is not in the " + status + " queue");
  }

  private JsonNode explainDischarge(String nhsNumber, Instant at) {
    ObjectNode body = JSON.createObjectNode();
    body.put("from", "RXA");
    body.put("to", "XLA001");
    body.put("purpose", "hospital-discharge");
    body.put("at", at.toString());
    body.put("nhsNumber", nhsNumber);
    HttpResponse<String> response =
        post("/api/decisions/explain", "ig-lead", "demo-only-ig-lead", JSON_TYPE, bytes(body));
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return json(response.body());
  }

  /** One ledger entry as the ledger API serves it to IG. */
  private JsonNode ledgerEntry(long index) {
    HttpResponse<String> response =
        get(
            "/api/ledger/entries?start=" + index + "&end=" + (index + 1),
            "ig-lead",
            "demo-only-ig-lead");
    assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
    return json(response.body().strip());
  }

  private BreakGlassAlert alertFor(String id) {
    return events.stream()
        .filter(e -> e instanceof BreakGlassAlert a && a.grantId().equals(id))
        .map(BreakGlassAlert.class::cast)
        .findFirst()
        .orElse(null);
  }

  private static String problemDetail(HttpResponse<String> response) {
    assertThat(response.headers().firstValue("Content-Type"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("application/problem+json"));
    return json(response.body()).path("detail").asText();
  }

  private long ledgerSize() {
    return jdbc.sql("SELECT next_index FROM ledger_head").query(Long.class).single();
  }
}
