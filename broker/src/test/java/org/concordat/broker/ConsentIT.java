package org.concordat.broker;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import org.apache.camel.CamelContext;
import org.concordat.adapters.crypto.BouncyCastleEd25519Verifier;
import org.concordat.protocols.keys.VerifierKey;
import org.concordat.protocols.ledger.ConsentChangeBody;
import org.concordat.protocols.ledger.ConsentReceipt;
import org.concordat.protocols.ledger.NoteVerifier;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Consent directives over {@code /fhir/Consent}, their history, receipts and effect on decisions.
 */
class ConsentIT extends BrokerITSupport {
  private static final String COUNCIL = "xla001";
  private static final String HOSPITAL = "rxa";
  private static final String IG = "ig-lead";
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  @Autowired CamelContext camel;

  /** A valid NHS number in the 999 test range: nine digits and their modulus 11 check digit. */
  static String nhsNumber(String nineDigits) {
    int sum = 0;
    for (int i = 0; i < 9; i++) {
      sum += (nineDigits.charAt(i) - '0') * (10 - i);
    }
    int check = 11 - sum % 11;
    if (check == 11) {
      check = 0;
    }
    if (check == 10) {
      throw new IllegalArgumentException(nineDigits + " has no valid check digit");
    }
    return nineDigits + check;
  }

  private static ObjectNode housingConsent(String nhs) {
    try (InputStream in =
        ConsentIT.class.getResourceAsStream("/consents/consent-housing-support-XVO001.json")) {
      ObjectNode consent = (ObjectNode) JSON.readTree(in);
      consent.remove("id");
      ((ObjectNode) consent.get("patient").get("identifier")).put("value", nhs);
      ((ObjectNode) consent.get("performer").get(0).get("identifier")).put("value", nhs);
      return consent;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** A refusal to share for hospital discharge with the council. */
  private static ObjectNode dischargeRefusal(String nhs) {
    ObjectNode consent = housingConsent(nhs);
    consent.remove("sourceAttachment");
    ((ObjectNode) consent.get("policyRule").get("coding").get(0))
        .put("code", "OPTOUT")
        .put("display", "opt-out");
    ObjectNode provision = (ObjectNode) consent.get("provision");
    provision.put("type", "deny");
    provision.remove("code");
    provision.remove("class");
    ArrayNode purposes = provision.putArray("purpose");
    purposes
        .addObject()
        .put("system", "https://fhir.concordat.example/CodeSystem/sharing-purpose")
        .put("code", "hospital-discharge");
    ArrayNode actors = provision.putArray("actor");
    ObjectNode actor = actors.addObject();
    actor
        .putObject("role")
        .putArray("coding")
        .addObject()
        .put("system", "http://terminology.hl7.org/CodeSystem/v3-ParticipationType")
        .put("code", "IRCP");
    actor
        .putObject("reference")
        .putObject("identifier")
        .put("system", "https://fhir.nhs.uk/Id/ods-organization-code")
        .put("value", "XLA001");
    return consent;
  }

  private HttpResponse<String> send(String method, String path, String user, JsonNode body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path.replace("|", "%7C")))
            .timeout(REQUEST_TIMEOUT)
            .header(
                "Authorization",
                "Basic "
                    + Base64.getEncoder()
                        .encodeToString((user + ":demo-only-" + user).getBytes(UTF_8)))
            .header("Content-Type", FHIR_JSON)
            .header("Accept", FHIR_JSON);
    request.method(
        method,
        body == null
            ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(bytes(body)));
    try {
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private HttpResponse<String> read(String path, String user) {
    return send("GET", path, user, null);
  }

  private static String idOf(HttpResponse<String> created) {
    String location = created.headers().firstValue("Location").orElseThrow();
    String path = location.substring(location.indexOf("Consent/"));
    return path.split("/")[1];
  }

  @Test
  void recordingAConsentGivesVersionOneALedgerEntryAndAReceiptAnyoneCanVerify() throws Exception {
    String nhs = nhsNumber("999300001");
    HttpResponse<String> created = send("POST", "/fhir/Consent", COUNCIL, housingConsent(nhs));

    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String id = idOf(created);
    assertThat(created.headers().firstValue("Location").orElseThrow())
        .endsWith("/Consent/" + id + "/_history/1");
    String note =
        new String(
            Base64.getDecoder()
                .decode(created.headers().firstValue("X-Concordat-Consent-Receipt").orElseThrow()),
            UTF_8);
    VerifierKey key =
        VerifierKey.parse(get("/api/ledger/keys", IG, "demo-only-" + IG).body().strip());
    ConsentReceipt receipt =
        ConsentReceipt.open(
            note,
            List.of(
                new NoteVerifier(key.name(), new BouncyCastleEd25519Verifier(key.publicKey()))));
    assertThat(receipt.directive()).isEqualTo("Consent/" + id + "/_history/1");
    assertThat(receipt.change()).isEqualTo(ConsentChangeBody.Change.CREATED);

    // The ledger entry at the receipt's index commits to the exact bytes stored for version 1.
    JsonNode entry =
        json(
            get(
                    "/api/ledger/entries?start="
                        + receipt.ledgerIndex()
                        + "&end="
                        + (receipt.ledgerIndex() + 1),
                    IG,
                    "demo-only-" + IG)
                .body()
                .strip());
    assertThat(entry.get("type").asText()).isEqualTo("consent-change");
    assertThat(entry.get("body").get("directive").asText())
        .isEqualTo("Consent/" + id + "/_history/1");
    assertThat(entry.get("body").get("subject").asText()).isEqualTo(expectedSubjectHash(nhs));
    assertThat(entry.toString()).doesNotContain(nhs);
    String stored = read("/fhir/Consent/" + id + "/_history/1?_pretty=false", COUNCIL).body();
    assertThat(entry.get("body").get("directiveSha256").asText())
        .isEqualTo(sha256Hex(stored.getBytes(UTF_8)))
        .isEqualTo(receipt.directiveSha256());

    HttpResponse<String> again =
        get("/api/consent/receipts/" + id + "/1", COUNCIL, "demo-only-" + COUNCIL);
    assertThat(again.statusCode()).isEqualTo(200);
    assertThat(again.body()).isEqualTo(note);
  }

  @Test
  void withdrawingIsANewVersionAndTheHistoryKeepsEveryVersion() {
    String nhs = nhsNumber("999300002");
    ObjectNode consent = housingConsent(nhs);
    String id = idOf(send("POST", "/fhir/Consent", COUNCIL, consent));

    consent.put("id", id);
    consent.put("status", "inactive");
    HttpResponse<String> withdrawn = send("PUT", "/fhir/Consent/" + id, COUNCIL, consent);

    assertThat(withdrawn.statusCode()).as(withdrawn.body()).isEqualTo(200);
    assertThat(json(withdrawn.body()).get("meta").get("versionId").asText()).isEqualTo("2");
    JsonNode history = json(read("/fhir/Consent/" + id + "/_history", COUNCIL).body());
    assertThat(history.get("total").asInt()).isEqualTo(2);
    assertThat(
            json(read("/fhir/Consent/" + id + "/_history/1", COUNCIL).body())
                .get("status")
                .asText())
        .isEqualTo("active");
    assertThat(json(read("/fhir/Consent/" + id, COUNCIL).body()).get("status").asText())
        .isEqualTo("inactive");
    String receipt =
        new String(
            Base64.getDecoder()
                .decode(
                    withdrawn.headers().firstValue("X-Concordat-Consent-Receipt").orElseThrow()),
            UTF_8);
    assertThat(receipt).contains("\nConsent/" + id + "/_history/2\nwithdrawn\n");
  }

  @Test
  void searchFindsDirectivesByNhsNumberStatusPurposeAndRecipient() {
    String nhs = nhsNumber("999300003");
    String id = idOf(send("POST", "/fhir/Consent", COUNCIL, housingConsent(nhs)));
    String byPerson = "/fhir/Consent?patient:identifier=https://fhir.nhs.uk/Id/nhs-number|" + nhs;

    assertThat(ids(read(byPerson, COUNCIL))).containsExactly(id);
    assertThat(ids(read(byPerson + "&status=active&purpose=housing-support", COUNCIL)))
        .containsExactly(id);
    assertThat(
            ids(
                read(
                    byPerson
                        + "&actor:identifier=https://fhir.nhs.uk/Id/ods-organization-code|XVO001",
                    COUNCIL)))
        .containsExactly(id);
    assertThat(ids(read(byPerson + "&status=inactive", COUNCIL))).isEmpty();
    assertThat(ids(read(byPerson + "&purpose=direct-care", COUNCIL))).isEmpty();
    // Another partner does not see what the council recorded; the IG lead sees everything.
    assertThat(ids(read(byPerson, HOSPITAL))).isEmpty();
    assertThat(ids(read(byPerson, IG))).containsExactly(id);
  }

  private static List<String> ids(HttpResponse<String> bundle) {
    assertThat(bundle.statusCode()).as(bundle.body()).isEqualTo(200);
    JsonNode entries = json(bundle.body()).path("entry");
    return java.util.stream.StreamSupport.stream(entries.spliterator(), false)
        .map(e -> e.get("resource").get("id").asText())
        .toList();
  }

  @Test
  void aDirectiveIsNeverDeletedAndOnlyItsRecorderChangesIt() {
    String nhs = nhsNumber("999300004");
    ObjectNode consent = housingConsent(nhs);
    String id = idOf(send("POST", "/fhir/Consent", COUNCIL, consent));

    HttpResponse<String> deleted = send("DELETE", "/fhir/Consent/" + id, COUNCIL, null);
    assertThat(deleted.statusCode()).isEqualTo(405);
    assertThat(deleted.body()).contains("OperationOutcome").contains("never deleted");

    consent.put("id", id);
    HttpResponse<String> byOther = send("PUT", "/fhir/Consent/" + id, HOSPITAL, consent);
    assertThat(byOther.statusCode()).isEqualTo(403);
    assertThat(byOther.body()).contains("only the organisation that recorded");
    assertThat(read("/fhir/Consent/" + id, HOSPITAL).statusCode()).isEqualTo(404);
  }

  @Test
  void aConsentThatCannotBeUnderstoodIsRefusedWithAnOperationOutcomeNamingTheElement() {
    ObjectNode byReference = housingConsent(nhsNumber("999300005"));
    byReference.putObject("patient").put("reference", "Patient/f001");
    HttpResponse<String> refused = send("POST", "/fhir/Consent", COUNCIL, byReference);
    assertThat(refused.statusCode()).isEqualTo(422);
    assertThat(refused.body()).contains("OperationOutcome").contains("Consent.patient");

    ObjectNode noScope = housingConsent(nhsNumber("999300008"));
    noScope.remove("scope");
    HttpResponse<String> invalid = send("POST", "/fhir/Consent", COUNCIL, noScope);
    assertThat(invalid.statusCode()).isEqualTo(422);
    assertThat(invalid.body()).contains("OperationOutcome").contains("Consent.scope");
  }

  @Test
  void aRefusalRecordedWhileADisclosureIsQueuedStopsItBeforeDelivery() throws Exception {
    String nhs = nhsNumber("999300007");
    ObjectNode notice = noticeTree("discharge-notice-RXA-to-XLA001.json");
    replaceNhsNumber(notice, nhs);
    camel.getRouteController().stopRoute("outbox-relay");
    String messageId;
    try {
      HttpResponse<String> queued = postNotice(HOSPITAL, bytes(notice));
      assertThat(queued.statusCode()).as(queued.body()).isEqualTo(200);
      messageId = messageIdOf(queued);
      assertThat(outboxStatuses(messageId)).containsExactly("PENDING");

      HttpResponse<String> refusal =
          send("POST", "/fhir/Consent", HOSPITAL, recordedBy(dischargeRefusal(nhs), "RXA"));
      assertThat(refusal.statusCode()).as(refusal.body()).isEqualTo(201);
    } finally {
      camel.getRouteController().startRoute("outbox-relay");
    }
    assertThat(outboxStatuses(messageId)).containsExactly("CANCELLED");
    List<JsonNode> entries = ledgerEntriesFor(messageId);
    assertThat(entries)
        .extracting(e -> e.get("type").asText())
        .containsExactly("disclosure", "delivery-cancelled");
    assertThat(entries.get(1).get("body").get("reasons").toString()).contains("consent-refused");

    // The next notice about the person is refused at once, citing the directive.
    HttpResponse<String> next = postNotice(HOSPITAL, bytes(withNewMessageId(notice)));
    assertThat(next.statusCode()).isEqualTo(422);
    assertThat(next.body()).contains("consent-refused");
    await()
        .atMost(Duration.ofSeconds(5))
        .untilAsserted(() -> assertThat(outboxStatuses(messageId)).containsExactly("CANCELLED"));
  }

  private List<String> outboxStatuses(String messageId) {
    return jdbc.sql("SELECT status FROM outbox WHERE message_id = ? ORDER BY id")
        .param(messageId)
        .query(String.class)
        .list();
  }

  private static String messageIdOf(HttpResponse<String> accepted) {
    return json(accepted.body()).get("id").asText();
  }

  private static void replaceNhsNumber(JsonNode node, String nhs) {
    if (node.isObject()) {
      ObjectNode object = (ObjectNode) node;
      if ("https://fhir.nhs.uk/Id/nhs-number".equals(object.path("system").asText())
          && object.has("value")) {
        object.put("value", nhs);
      }
      object.elements().forEachRemaining(child -> replaceNhsNumber(child, nhs));
    } else if (node.isArray()) {
      node.elements().forEachRemaining(child -> replaceNhsNumber(child, nhs));
    }
  }

  @Test
  void aConsentOverTheSizeLimitIsRefusedUnread() {
    ObjectNode consent = housingConsent(nhsNumber("999300009"));
    consent.putObject("text").put("status", "generated").put("div", "x".repeat(9 * 1024 * 1024));
    HttpResponse<String> refused = send("POST", "/fhir/Consent", COUNCIL, consent);
    assertThat(refused.statusCode()).isEqualTo(413);
    assertThat(refused.body()).contains("OperationOutcome").contains("largest accepted");
  }

  @Autowired org.concordat.broker.ledger.LedgerSequencer sequencer;
  @Autowired org.concordat.broker.consent.ConsentRepository consentRows;
  @Autowired org.concordat.broker.consent.ConsentCache consentCache;
  @Autowired org.concordat.broker.subject.SubjectDirectory subjects;

  @Test
  void aChangeAnotherNodeRecordedReachesThisNodesDecisionsOnTheNextSyncPass() {
    String nhs = nhsNumber("999300010");
    org.concordat.protocols.subject.NhsNumber person =
        org.concordat.protocols.subject.NhsNumber.parse(nhs);
    String lookupKey = subjects.lookupKey(person).value();
    org.concordat.protocols.ledger.SubjectKey subjectKey = subjects.subjectKey(person);
    String reference = "Consent/other-node-1/_history/1";
    // What another node's registry writes: the ledger entry and the version, in one transaction.
    sequencer.record(
        batch -> {
          org.concordat.protocols.ledger.LedgerEntry entry =
              batch.append(
                  org.concordat.protocols.ledger.EntryType.CONSENT_CHANGE,
                  index ->
                      new ConsentChangeBody(
                          subjectKey, reference, "b".repeat(64), ConsentChangeBody.Change.CREATED));
          batch.insert(
              consentRows::insert,
              new org.concordat.broker.consent.ConsentRepository.StoredConsent(
                  "other-node-1",
                  1,
                  lookupKey,
                  "active",
                  java.time.Instant.now(),
                  java.time.Instant.now(),
                  null,
                  "XLA001",
                  "{}".getBytes(UTF_8),
                  "b".repeat(64),
                  List.of(
                      new org.concordat.protocols.consent.ConsentDirective(
                          reference,
                          org.concordat.protocols.consent.ConsentDirective.Kind.DENY,
                          java.util.Set.of(),
                          java.util.Set.of(),
                          java.util.Set.of(),
                          null,
                          null)),
                  entry.index(),
                  true,
                  java.util.Set.of(),
                  java.util.Set.of(),
                  java.util.Set.of()));
          return entry;
        });
    assertThat(consentCache.consentOf(lookupKey).directives()).isEmpty();

    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(consentCache.consentOf(lookupKey).directives())
                    .extracting(org.concordat.protocols.consent.ConsentDirective::reference)
                    .containsExactly(reference));
  }

  // Who may record, see, change and withdraw a directive (issue 10.2)

  private static final String HOUSING = "xvo001";

  /** The Consent as recorded by the organisation {@code ods} (Consent.organization). */
  private static ObjectNode recordedBy(ObjectNode consent, String ods) {
    ((ObjectNode) consent.get("organization").get(0).get("identifier")).put("value", ods);
    ((ObjectNode) consent.get("organization").get(0)).remove("display");
    return consent;
  }

  private HttpResponse<String> explain(String body) {
    return post(
        "/api/decisions/explain", IG, "demo-only-" + IG, "application/json", body.getBytes(UTF_8));
  }

  private JsonNode housingDecision(String nhs) {
    HttpResponse<String> answer =
        explain(
            "{\"from\":\"XLA001\",\"to\":\"XVO001\",\"purpose\":\"housing-support\","
                + "\"at\":\"2026-12-01T12:00:00Z\",\"nhsNumber\":\""
                + nhs
                + "\"}");
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    return json(answer.body());
  }

  private List<String> searchAsGovernance(String nhs) {
    return ids(
        read("/fhir/Consent?patient:identifier=https://fhir.nhs.uk/Id/nhs-number|" + nhs, IG));
  }

  @Test
  void aRecipientCannotRecordTheConsentThatOpensItsOwnFlow() {
    String nhs = nhsNumber("999300011");
    // The case: the housing trust posts the council's consent to share with it.
    HttpResponse<String> refused = send("POST", "/fhir/Consent", HOUSING, housingConsent(nhs));

    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
    assertThat(refused.body())
        .contains("OperationOutcome")
        .contains("recorded by XLA001, but it is sent by XVO001")
        .contains("a recipient never records the consent that opens a flow to itself")
        .doesNotContain(nhs)
        .doesNotContain("Whitfield");
    // Recording it as itself does not help: it is still the recipient.
    HttpResponse<String> asItself =
        send("POST", "/fhir/Consent", HOUSING, recordedBy(housingConsent(nhs), "XVO001"));
    assertThat(asItself.statusCode()).as(asItself.body()).isEqualTo(403);
    assertThat(housingDecision(nhs).path("reasons").get(0).path("code").asText())
        .isEqualTo("explicit-consent-missing");
    assertThat(searchAsGovernance(nhs)).isEmpty();
  }

  @Test
  void aPartnerRecordsDirectivesOnlyAsItself() {
    String nhs = nhsNumber("999300012");
    HttpResponse<String> refused = send("POST", "/fhir/Consent", HOSPITAL, dischargeRefusal(nhs));

    assertThat(refused.statusCode()).as(refused.body()).isEqualTo(403);
    assertThat(refused.body()).contains("a partner records directives only as itself");
    assertThat(searchAsGovernance(nhs)).isEmpty();
  }

  @Test
  void theSenderWhoseFlowAConsentOpensSeesItAndMayWithdrawButNotChangeIt() {
    String nhs = nhsNumber("999300013");
    // The hospital took the person's consent to housing support by the housing trust.
    HttpResponse<String> created =
        send("POST", "/fhir/Consent", HOSPITAL, recordedBy(housingConsent(nhs), "RXA"));
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    String id = idOf(created);
    String byPerson = "/fhir/Consent?patient:identifier=https://fhir.nhs.uk/Id/nhs-number|" + nhs;

    assertThat(read("/fhir/Consent/" + id, COUNCIL).statusCode()).isEqualTo(200);
    assertThat(ids(read(byPerson, COUNCIL))).containsExactly(id);
    assertThat(read("/fhir/Consent/" + id, HOUSING).statusCode()).isEqualTo(404);
    assertThat(ids(read(byPerson, HOUSING))).isEmpty();
    assertThat(housingDecision(nhs).path("outcome").asText()).startsWith("permit");

    ObjectNode changed = recordedBy(housingConsent(nhs), "XLA001");
    changed.put("id", id);
    HttpResponse<String> update = send("PUT", "/fhir/Consent/" + id, COUNCIL, changed);
    assertThat(update.statusCode()).as(update.body()).isEqualTo(403);
    assertThat(update.body()).contains("may only withdraw it");

    changed.put("status", "inactive");
    HttpResponse<String> withdrawn = send("PUT", "/fhir/Consent/" + id, COUNCIL, changed);
    assertThat(withdrawn.statusCode()).as(withdrawn.body()).isEqualTo(200);
    assertThat(housingDecision(nhs).path("reasons").get(0).path("code").asText())
        .isEqualTo("explicit-consent-missing");
    // The hospital still sees its directive, withdrawn.
    assertThat(json(read("/fhir/Consent/" + id, HOSPITAL).body()).get("status").asText())
        .isEqualTo("inactive");
  }

  // Conflicting directives: the most recent governs (issue 11.5)

  private static ObjectNode globalRefusal(String nhs, String dateTime) {
    ObjectNode consent = housingConsent(nhs);
    consent.remove("sourceAttachment");
    consent.put("dateTime", dateTime);
    ((ObjectNode) consent.get("policyRule").get("coding").get(0))
        .put("code", "OPTOUT")
        .put("display", "opt-out");
    consent.putObject("provision").put("type", "deny");
    return consent;
  }

  @Test
  void aLaterPermitOpensItsScopeDespiteAnEarlierRefusalAndABackdatedOneIsWarnedAbout() {
    String nhs = nhsNumber("999300014");
    HttpResponse<String> refusal =
        send("POST", "/fhir/Consent", COUNCIL, globalRefusal(nhs, "2026-10-01T10:00:00+00:00"));
    assertThat(refusal.statusCode()).as(refusal.body()).isEqualTo(201);
    String refusalId = idOf(refusal);

    ObjectNode permit = housingConsent(nhs);
    permit.put("dateTime", "2026-11-15T10:00:00+00:00");
    HttpResponse<String> later = send("POST", "/fhir/Consent", COUNCIL, permit);
    assertThat(later.statusCode()).as(later.body()).isEqualTo(201);
    assertThat(json(later.body()).get("resourceType").asText()).isEqualTo("Consent");
    String permitId = idOf(later);

    JsonNode decision = housingDecision(nhs);
    assertThat(decision.path("outcome").asText()).startsWith("permit");
    assertThat(decision.toString())
        .contains("Consent/" + permitId + "/_history/1")
        .contains("overrides, the person's earlier refusal (Consent/" + refusalId);

    // A permit dated before the refusal changes nothing: recorded, with a warning saying so.
    ObjectNode backdated = housingConsent(nhs);
    backdated.put("dateTime", "2026-09-01T10:00:00+00:00");
    HttpResponse<String> warned = send("POST", "/fhir/Consent", COUNCIL, backdated);
    assertThat(warned.statusCode()).as(warned.body()).isEqualTo(201);
    JsonNode outcome = json(warned.body());
    assertThat(outcome.get("resourceType").asText()).isEqualTo("OperationOutcome");
    assertThat(outcome.get("issue").get(0).get("severity").asText()).isEqualTo("warning");
    assertThat(outcome.get("issue").get(0).get("diagnostics").asText())
        .contains("fully overridden by Consent/" + refusalId + "/_history/1");
    assertThat(warned.headers().firstValue("Location")).isPresent();
    assertThat(searchAsGovernance(nhs)).hasSize(3);
  }

  // Bodies built to validate slowly (issue 10.5)

  private HttpResponse<String> postWithin(java.time.Duration limit, byte[] body) {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/fhir/Consent"))
            .timeout(limit)
            .header(
                "Authorization",
                "Basic "
                    + Base64.getEncoder()
                        .encodeToString(("xla001:demo-only-xla001").getBytes(UTF_8)))
            .header("Content-Type", FHIR_JSON)
            .header("Accept", FHIR_JSON)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Test
  void aConsentBuiltToValidateSlowlyIsRefusedBeforeValidationAndNothingIsStored() {
    String nhs = nhsNumber("999300015");
    ObjectNode purposes = housingConsent(nhs);
    ArrayNode purpose = (ArrayNode) purposes.get("provision").get("purpose");
    JsonNode one = purpose.get(0);
    for (int i = 1; i < 20_000; i++) {
      purpose.add(one.deepCopy());
    }
    ObjectNode categories = housingConsent(nhs);
    ArrayNode category = (ArrayNode) categories.get("category");
    for (int i = 1; i < 100_000; i++) {
      category.addObject().put("text", "c");
    }
    // A guard against hanging, not a timing assertion: the refusal comes before validation.
    java.time.Duration guard = java.time.Duration.ofSeconds(20);

    HttpResponse<String> manyPurposes = postWithin(guard, bytes(purposes));
    assertThat(manyPurposes.statusCode()).as(manyPurposes.body()).isEqualTo(422);
    assertThat(manyPurposes.body())
        .contains("Consent.provision.purpose repeats more than 100 times")
        .doesNotContain(nhs);
    HttpResponse<String> manyCategories = postWithin(guard, bytes(categories));
    assertThat(manyCategories.statusCode()).as(manyCategories.body()).isEqualTo(422);
    assertThat(manyCategories.body()).contains("Consent.category repeats more than 100 times");

    assertThat(searchAsGovernance(nhs)).isEmpty();
  }
}
