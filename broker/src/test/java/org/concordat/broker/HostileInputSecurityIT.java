package org.concordat.broker;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.read.ListAppender;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/**
 * The hostile corpus and the path variants against the running broker, as every role. Each case
 * asserts the status and an OperationOutcome (under /fhir) or a problem (under /api) naming the
 * issue; that nothing about the case's person was delivered or queued; that neither the NHS number
 * nor the name it sent appears in any log line written meanwhile; and that the broker is healthy
 * afterwards.
 */
class HostileInputSecurityIT extends BrokerITSupport {
  private static final String NOTICE = "discharge-notice-RXA-to-XLA001.json";

  /** Every role the example partnership has, and the anonymous caller (null). */
  private static final List<String> ROLES =
      java.util.Arrays.asList(
          null, "rxa", "rxm", "xla001", "xvo001", "ig-lead", "admin", "dr-patel", "sw-marsh");

  private static final List<String> PARTNERS = List.of("rxa", "rxm", "xla001", "xvo001");
  private static final AtomicInteger NEXT = new AtomicInteger(1);
  private static final ListAppender<ILoggingEvent> LOG = new ListAppender<>();

  private final HttpClient http = HttpClient.newHttpClient();

  /** What the current case sent that must never reach a log line or a recipient. */
  private final List<String> secrets = new ArrayList<>();

  @BeforeAll
  static void captureTheLog() {
    LOG.start();
  }

  @AfterAll
  static void releaseTheLog() {
    root().detachAppender(LOG);
    LOG.stop();
  }

  private static Logger root() {
    return (Logger) LoggerFactory.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
  }

  /** Attached once the broker has started: Spring Boot resets the logging system at start. */
  @BeforeEach
  void startCase() {
    if (!root().isAttached(LOG)) {
      root().addAppender(LOG);
    }
    secrets.clear();
  }

  @AfterEach
  void nothingLeakedAndTheBrokerIsHealthy() throws IOException {
    assertThat(get("/actuator/health", null, null).statusCode()).isEqualTo(200);
    List<String> lines;
    // The appender adds events while holding its own lock (AppenderBase.doAppend), not the list's.
    synchronized (LOG) {
      lines = new ArrayList<>();
      for (ILoggingEvent event : LOG.list) {
        lines.add(
            event.getFormattedMessage()
                + (event.getThrowableProxy() == null
                    ? ""
                    : ThrowableProxyUtil.asString(event.getThrowableProxy())));
      }
    }
    for (String secret : secrets) {
      assertThat(lines).as("log lines holding " + secret).noneMatch(l -> l.contains(secret));
      assertThat(delivered()).as("deliveries holding " + secret).noneMatch(d -> d.contains(secret));
    }
  }

  // ---- the corpus: $process-message ----

  @Test
  void refusesAnExternalEntityAsEveryRole() {
    Person person = person();
    String xxe =
        "<?xml version=\"1.0\"?>\n<!DOCTYPE Bundle [<!ENTITY xxe SYSTEM \"file:///etc/passwd\">]>"
            + "<Bundle xmlns=\"http://hl7.org/fhir\"><id value=\"&xxe;\"/><type value=\"message\"/>"
            + "<!-- "
            + person.nhs
            + " "
            + person.family
            + " --></Bundle>";
    asEveryRole("application/fhir+xml", xxe.getBytes(UTF_8), 400, "security", "DOCTYPE");
  }

  @Test
  void refusesAnEntityBombAsEveryRole() {
    Person person = person();
    String bomb =
        "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">"
            + "<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">"
            + "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">]>"
            + "<Bundle xmlns=\"http://hl7.org/fhir\"><id value=\"&lol3;\"/><!-- "
            + person.family
            + " --></Bundle>";
    asEveryRole("application/fhir+xml", bomb.getBytes(UTF_8), 400, "security", "DOCTYPE");
  }

  @Test
  void refusesAnOversizedBodyAsEveryPartner() {
    Person person = person();
    String big = notice(person).replace("\"Margaret\"", "\"" + " ".repeat(70_000) + "\"");
    asEveryRole(FHIR_JSON, big.getBytes(UTF_8), 413, "too-long", "limit of 65536 bytes");
  }

  @Test
  void refusesDeepNestingAsEveryPartner() {
    Person person = person();
    String deep =
        notice(person)
            .replace("\"Margaret\"", "\"Margaret\", " + "[".repeat(200) + "]".repeat(200));
    asEveryRole(FHIR_JSON, deep.getBytes(UTF_8), 422, "too-long", "nested more than");
  }

  @Test
  void refusesASpoofedSenderFromEveryOtherPartner() {
    Person person = person();
    byte[] body = notice(person).getBytes(UTF_8);
    for (String partner : List.of("rxm", "xla001", "xvo001")) {
      HttpResponse<String> answer =
          post("/fhir/$process-message", partner, "demo-only-" + partner, FHIR_JSON, body);
      assertOutcome(answer, 403, "forbidden", "but the MessageHeader names RXA");
    }
  }

  @Test
  void refusesEveryMediaTypeButFhirJsonAndXmlWith415AndNeverEchoesTheBody() {
    Person person = person();
    String form =
        "resourceType=Bundle&nhs="
            + person.nhs
            + "\nfamily="
            + person.family
            + "\naddress=1 Mill Lane\nphone=01632 960123";
    for (String type :
        List.of(
            "application/x-www-form-urlencoded",
            "text/plain",
            "text/plain; charset=utf-8",
            "application/octet-stream",
            "multipart/form-data; boundary=x",
            "text/html")) {
      HttpResponse<String> answer =
          post("/fhir/$process-message", "rxa", "demo-only-rxa", type, form.getBytes(UTF_8));
      assertOutcome(answer, 415, "not-supported", "is not accepted");
      assertThat(answer.body()).doesNotContain(person.nhs).doesNotContain(person.family);
    }
    HttpResponse<String> noType = send("POST", "/fhir/$process-message", "rxa", null, form);
    assertOutcome(noType, 415, "not-supported", "(none)");
    // and the same gate before HAPI parses a Consent
    HttpResponse<String> consent =
        post("/fhir/Consent", "xla001", "demo-only-xla001", "text/plain", form.getBytes(UTF_8));
    assertOutcome(consent, 415, "not-supported", "is not accepted");
  }

  @Test
  void acceptsFhirMediaTypesWithParameters() {
    for (String type :
        List.of(
            "application/fhir+json; charset=utf-8",
            "application/json;charset=UTF-8",
            "application/fhir+json; fhirVersion=4.0")) {
      Person person = person();
      secrets.clear(); // a permitted notice is delivered by design
      HttpResponse<String> answer =
          post(
              "/fhir/$process-message",
              "rxa",
              "demo-only-rxa",
              type,
              notice(person).getBytes(UTF_8));
      assertThat(answer.statusCode()).as(type + " " + answer.body()).isEqualTo(200);
    }
  }

  @Test
  void refusesADuplicateNhsNumberKeyNamingTheKey() {
    Person person = person();
    Person other = person();
    String twice =
        notice(person)
            .replace(
                "\"value\": \"" + person.nhs + "\"",
                "\"value\": \"" + person.nhs + "\", \"value\": \"" + other.nhs + "\"");
    asEveryRole(FHIR_JSON, twice.getBytes(UTF_8), 400, "structure", "'value' more than once");
  }

  @Test
  void refusesAFamilyNameOverTheLimitNamingTheElementAndTheLimit() {
    Person person = person();
    String longName = person.family + "x".repeat(10_001 - person.family.length());
    String body = notice(person).replace(person.family, longName);
    asEveryRole(
        FHIR_JSON,
        body.getBytes(UTF_8),
        422,
        "too-long",
        "name[0].family has 10001 characters; at most 10000");
  }

  @Test
  void refusesTooManyGivenNamesNamingTheElementAndTheLimit() {
    Person person = person();
    String many = "\"A\",".repeat(2_000);
    String body = notice(person).replace("\"Margaret\",", many);
    asEveryRole(
        FHIR_JSON, body.getBytes(UTF_8), 422, "too-long", "name[0].given repeats more than 1000");
  }

  @Test
  void refusesANulInANameNamingTheElementNotTheValue() {
    Person person = person();
    String body = notice(person).replace(person.family, person.family + "\\u0000");
    asEveryRole(
        FHIR_JSON, body.getBytes(UTF_8), 422, "invalid", "name[0].family holds the control");
  }

  // ---- the corpus: Consent ----

  @Test
  void refusesAConsentWithADuplicateKeyOrAControlCharacter() {
    Person person = person();
    String consent =
        new String(
            ConsentFixture.refusal(person.nhs, "housing-support", "XVO001", "XLA001"), UTF_8);
    String twice =
        consent.replace(
            "\"status\": \"active\"", "\"status\": \"active\", \"status\": \"inactive\"");
    assertOutcome(
        post("/fhir/Consent", "xla001", "demo-only-xla001", FHIR_JSON, twice.getBytes(UTF_8)),
        400,
        "structure",
        "'status' more than once");
    String nul = consent.replace("\"2026-02-02T10:15:00+00:00\"", "\"2026-02-02\\u0001\"");
    assertOutcome(
        post("/fhir/Consent", "xla001", "demo-only-xla001", FHIR_JSON, nul.getBytes(UTF_8)),
        422,
        "invalid",
        "dateTime holds the control character U+0001");
    String malformed = "{\"resourceType\": \"Consent\", \"status\": " + person.family + "}";
    HttpResponse<String> unreadable =
        post("/fhir/Consent", "xla001", "demo-only-xla001", FHIR_JSON, malformed.getBytes(UTF_8));
    assertThat(unreadable.statusCode()).isBetween(400, 422);
    assertThat(unreadable.body()).contains("OperationOutcome").doesNotContain(person.family);
  }

  // ---- the corpus: /api ----

  @Test
  void refusesDuplicateJsonKeysUnderTheApiNamingTheKey() {
    Person person = person();
    Person other = person();
    String twice =
        "{\"from\":\"RXA\",\"to\":\"XLA001\",\"purpose\":\"hospital-discharge\","
            + "\"nhsNumber\":\""
            + person.nhs
            + "\",\"nhsNumber\":\""
            + other.nhs
            + "\"}";
    HttpResponse<String> answer = sendApi("/api/decisions/explain", "ig-lead", twice);
    assertProblem(answer, 400, "'nhsNumber' more than once");
    assertThat(answer.body()).doesNotContain(person.nhs).doesNotContain(other.nhs);
  }

  @Test
  void boundsEveryApiBodyWithOrWithoutALength() {
    byte[] big = new byte[2 * 1024 * 1024];
    java.util.Arrays.fill(big, (byte) 'a');
    assertProblem(
        post("/api/ledger/cosignatures", "xla001", "demo-only-xla001", "text/plain", big),
        413,
        "limit of 1048576 bytes");
    HttpResponse<String> chunked =
        send(
            HttpRequest.newBuilder(uri("/api/ledger/witness-alerts"))
                .timeout(REQUEST_TIMEOUT)
                .header("Authorization", basic("xla001", "demo-only-xla001"))
                .header("Content-Type", "application/json")
                .POST(
                    HttpRequest.BodyPublishers.ofInputStream(
                        () -> new java.io.ByteArrayInputStream(big)))
                .build());
    assertProblem(chunked, 413, "limit of 1048576 bytes");
  }

  @Test
  void refusesAWitnessAlertWhoseNoteIsNotACheckpointNoteAndEscapesItsDetailInTheLog() {
    String notANote =
        "{\"reason\":\"ROLLBACK\",\"detail\":\"x\",\"acceptedSize\":1,\"offeredNote\":\"hello\"}";
    assertProblem(
        sendApi("/api/ledger/witness-alerts", "xla001", notANote),
        400,
        "not a signed checkpoint note");

    String note = get("/api/ledger/checkpoint", "xla001", "demo-only-xla001").body();
    String forged = "fork seen\n2026-12-03 INFO FORGED-" + UUID.randomUUID() + " all is well";
    Map<String, Object> alert = new LinkedHashMap<>();
    alert.put("reason", "ROLLBACK");
    alert.put("detail", forged);
    alert.put("acceptedSize", 1);
    alert.put("offeredNote", note);
    HttpResponse<String> raised =
        sendApi(
            "/api/ledger/witness-alerts",
            "xla001",
            new String(bytes(JSON.valueToTree(alert)), UTF_8));
    assertThat(raised.statusCode()).as(raised.body()).isEqualTo(201);
    assertThat(logLines())
        .noneMatch(l -> l.contains(forged))
        .anyMatch(l -> l.contains("fork seen\\n2026"));
  }

  // ---- sign-in ----

  @Test
  void failedSignInsAreLoggedWithoutThePasswordAndLockTheAccountForAWhile() {
    String wrong = "wrong-" + UUID.randomUUID();
    secrets.add(wrong);
    try {
      lockAndCheck(wrong);
    } finally {
      // The lock ends by itself (5 s in these tests, doubling with further failures).
      await()
          .atMost(Duration.ofSeconds(60))
          .pollInterval(Duration.ofMillis(500))
          .until(
              () -> get("/api/break-glass", "sw-marsh", "demo-only-sw-marsh").statusCode() != 429);
    }
  }

  private void lockAndCheck(String wrong) {
    int refused = 0;
    for (int i = 0; i < 30; i++) {
      int status = get("/api/break-glass", "sw-marsh", wrong).statusCode();
      assertThat(status).isIn(401, 429);
      refused += status == 429 ? 1 : 0;
    }
    assertThat(refused).as("attempts refused by the lock").isGreaterThan(20);

    HttpResponse<String> locked = sendApi("/api/break-glass/none/review", "sw-marsh", "{}");
    assertThat(locked.statusCode()).isEqualTo(429);
    assertThat(locked.headers().firstValue("Retry-After")).isPresent();
    assertThat(json(locked.body()).get("status").asInt()).isEqualTo(429);
    assertThat(logLines()).anyMatch(l -> l.contains("Sign-in failed for account sw-marsh"));
  }

  @Test
  void aUsernameCannotForgeALogLine() {
    String name = "nobody\nINFO FORGED-" + UUID.randomUUID();
    assertThat(get("/fhir/Consent?status=active", name, "x").statusCode()).isEqualTo(401);
    assertThat(logLines())
        .noneMatch(l -> l.contains(name))
        .anyMatch(l -> l.contains("nobody\\nINFO"));
  }

  // ---- the FHIR edge ----

  @Test
  void namesConcordatNotTheLibraryAndAdvertisesOnlyWhatIsOffered() {
    HttpResponse<String> metadata = get("/fhir/metadata", null, null);
    assertThat(metadata.statusCode()).isEqualTo(200);
    assertThat(metadata.headers().firstValue("X-Powered-By")).isEmpty();
    JsonNode capability = json(metadata.body());
    assertThat(capability.at("/software/name").asText()).isEqualTo("Concordat");
    assertThat(capability.at("/software/version").asText())
        .isNotBlank()
        .isNotEqualTo(ca.uhn.fhir.util.VersionUtil.getVersion());
    for (JsonNode resource : capability.at("/rest/0/resource")) {
      for (JsonNode interaction : resource.path("interaction")) {
        assertThat(interaction.path("code").asText())
            .as(resource.path("type").asText())
            .isNotEqualTo("delete");
      }
    }
    HttpResponse<String> search = get("/fhir/Consent?status=active", "xla001", "demo-only-xla001");
    assertThat(search.headers().firstValue("X-Powered-By")).isEmpty();
  }

  @Test
  void buildsLocationFromConfigurationNotTheHostHeader() throws IOException {
    Person person = person();
    byte[] consent = ConsentFixture.refusal(person.nhs, "housing-support", "XVO001", "XLA001");
    secrets.clear(); // a recorded consent is not a leak
    try (Socket socket = new Socket("localhost", port)) {
      socket.setSoTimeout(60_000);
      OutputStream out = socket.getOutputStream();
      out.write(
          ("POST /fhir/Consent HTTP/1.1\r\nHost: evil.example\r\nAuthorization: "
                  + basic("xla001", "demo-only-xla001")
                  + "\r\nContent-Type: application/fhir+json\r\nContent-Length: "
                  + consent.length
                  + "\r\nConnection: close\r\n\r\n")
              .getBytes(UTF_8));
      out.write(consent);
      out.flush();
      String answer = new String(socket.getInputStream().readAllBytes(), UTF_8);
      assertThat(answer).startsWith("HTTP/1.1 201");
      assertThat(answer).doesNotContain("evil.example");
      assertThat(answer)
          .containsPattern("(?i)location: http://localhost:" + port + "/fhir/Consent/");
    }
  }

  /**
   * Every FHIR interaction, with each malformed path variant, as every role: the firewall refuses
   * each with 400 and an OperationOutcome, so no role reaches anything through one.
   */
  @Test
  void refusesEveryMalformedPathVariantToEveryInteractionAsEveryRole() {
    List<String[]> interactions =
        List.of(
            new String[] {"GET", "/fhir/metadata", ""},
            new String[] {"POST", "/fhir/$process-message", ""},
            new String[] {
              "GET",
              "/fhir/AuditEvent",
              "?patient:identifier=https://fhir.nhs.uk/Id/nhs-number%7C9990000018"
            },
            new String[] {"POST", "/fhir/AuditEvent/_search", ""},
            new String[] {"GET", "/fhir/Consent", "?status=active"},
            new String[] {"POST", "/fhir/Consent/_search", ""},
            new String[] {"POST", "/fhir/Consent", ""},
            new String[] {"GET", "/fhir/Consent/abc", ""},
            new String[] {"GET", "/fhir/Consent/abc/_history", ""},
            new String[] {"GET", "/fhir/Consent/abc/_history/1", ""},
            new String[] {"PUT", "/fhir/Consent/abc", ""},
            new String[] {"DELETE", "/fhir/Consent/abc", ""});
    List<String> encodings = new ArrayList<>();
    for (int c = 0; c < 0x20; c++) {
      encodings.add(String.format("%%%02X", c));
    }
    encodings.addAll(
        List.of(
            "%7F",
            "%7f", "%09", ";", "%3B", "%2F", "%2f", "%5C", "%252F", "%2509", "%20", "%C2%A0",
            "/%2e%2e", "/..;"));
    List<String> notOutcomes = new ArrayList<>();
    List<String> wrongStatus = new ArrayList<>();
    List<java.util.concurrent.CompletableFuture<?>> inFlight = new ArrayList<>();
    int sent = 0;
    for (String[] interaction : interactions) {
      String method = interaction[0];
      boolean withBody = method.equals("POST") || method.equals("PUT");
      for (String encoded : encodings) {
        for (String variant : variants(interaction[1], encoded)) {
          for (String role : ROLES) {
            String what = method + " " + variant + " as " + role;
            inFlight.add(
                http.sendAsync(
                        request(
                            method,
                            variant + interaction[2],
                            role,
                            withBody ? FHIR_JSON : null,
                            withBody ? "{}" : null),
                        HttpResponse.BodyHandlers.ofString())
                    .thenAccept(
                        answer -> {
                          synchronized (notOutcomes) {
                            if (answer.statusCode() != 400) {
                              wrongStatus.add(what + ": " + answer.statusCode());
                            }
                            // Tomcat refuses an encoded NUL itself, before the application.
                            if (!encoded.equals("%00")
                                && !answer.body().contains("\"OperationOutcome\"")) {
                              notOutcomes.add(what);
                            }
                          }
                        }));
            sent++;
            if (inFlight.size() == 16) {
              java.util.concurrent.CompletableFuture.allOf(
                      inFlight.toArray(java.util.concurrent.CompletableFuture[]::new))
                  .join();
              inFlight.clear();
            }
          }
        }
      }
    }
    java.util.concurrent.CompletableFuture.allOf(
            inFlight.toArray(java.util.concurrent.CompletableFuture[]::new))
        .join();
    assertThat(wrongStatus).as("variants not refused with 400").isEmpty();
    assertThat(sent).isGreaterThan(3_000);
    assertThat(notOutcomes).as("refused without an OperationOutcome").isEmpty();
    // the same refusal under /api, as a problem
    HttpResponse<String> api =
        get("/api/ledger/entries%09?start=0&end=1", "xvo001", "demo-only-xvo001");
    assertProblem(api, 400, "malformed");
  }

  /** Under /fhir only the listed interactions pass; the FHIR server authorises each again. */
  @Test
  void eachRoleReachesOnlyItsOwnFhirInteractions() {
    String audit =
        "/fhir/AuditEvent?patient:identifier=https://fhir.nhs.uk/Id/nhs-number%7C9990000018";
    for (String role : ROLES) {
      int expected = role == null ? 401 : List.of("ig-lead", "admin").contains(role) ? 200 : 403;
      assertThat(send("GET", audit, role, null, null).statusCode())
          .as("audit as " + role)
          .isEqualTo(expected);
      int searchExpected =
          role == null ? 401 : List.of("ig-lead", "admin").contains(role) ? 200 : 403;
      assertThat(
              send(
                      "POST",
                      "/fhir/AuditEvent/_search",
                      role,
                      "application/x-www-form-urlencoded",
                      "patient:identifier=https://fhir.nhs.uk/Id/nhs-number%7C9990000018")
                  .statusCode())
          .as("audit _search as " + role)
          .isEqualTo(searchExpected);
      int consentExpected =
          role == null ? 401 : List.of("dr-patel", "sw-marsh").contains(role) ? 403 : 200;
      assertThat(send("GET", "/fhir/Consent?status=active", role, null, null).statusCode())
          .as("consent search as " + role)
          .isEqualTo(consentExpected);
      // paths the server does not offer are refused whoever asks, even where HAPI has a handler
      for (String unknown :
          List.of(
              "/fhir/Patient",
              "/fhir/AuditEvent/1",
              "/fhir/Consent/$validate",
              "/fhir/Consent/$everything",
              "/fhir/_history",
              "/fhir")) {
        HttpResponse<String> answer = send("GET", unknown, role, null, null);
        assertThat(answer.statusCode()).as(unknown + " as " + role).isIn(400, 401, 403, 404, 405);
        assertThat(answer.body()).contains("OperationOutcome");
      }
    }
    assertThat(get("/fhir/metadata", null, null).statusCode()).isEqualTo(200);
  }

  // ---- helpers ----

  /**
   * Runs one $process-message body as every role: partners get {@code status}; people 403; the
   * anonymous caller 401. The body is refused before its sender is looked at.
   */
  private void asEveryRole(
      String contentType, byte[] body, int status, String issueCode, String diagnosticsPart) {
    for (String role : ROLES) {
      HttpResponse<String> answer =
          post(
              "/fhir/$process-message",
              role,
              role == null ? null : "demo-only-" + role,
              contentType,
              body);
      if (role == null) {
        assertOutcome(answer, 401, "login", "");
      } else if (!PARTNERS.contains(role)) {
        assertOutcome(answer, 403, "forbidden", "");
      } else {
        assertOutcome(answer, status, issueCode, diagnosticsPart);
      }
      for (String secret : secrets) {
        assertThat(answer.body()).as(role).doesNotContain(secret);
      }
    }
  }

  /**
   * {@code encoded} at the start of the first segment after {@code /fhir/} and at the end of every
   * segment: {@code /fhir/%09AuditEvent}, {@code /fhir/AuditEvent%09/_search}, {@code
   * /fhir/AuditEvent/_search%09}...
   */
  private static List<String> variants(String path, String encoded) {
    List<String> variants = new ArrayList<>();
    variants.add("/fhir/" + encoded + path.substring("/fhir/".length()));
    for (int end = path.indexOf('/', "/fhir/".length()); ; end = path.indexOf('/', end + 1)) {
      int at = end < 0 ? path.length() : end;
      variants.add(path.substring(0, at) + encoded + path.substring(at));
      if (end < 0) {
        return variants;
      }
    }
  }

  private record Person(String nhs, String family) {}

  /** A new person for one case: a valid test NHS number and a surname found nowhere else. */
  private Person person() {
    int n = NEXT.getAndIncrement() + (int) (ProcessHandle.current().pid() % 1000) * 100;
    String nhs;
    for (int k = n; ; k++) {
      String nine = String.format("9997%05d", k % 100_000);
      try {
        nhs = ConsentIT.nhsNumber(nine);
        break;
      } catch (IllegalArgumentException noCheckDigit) {
        // try the next
      }
    }
    String family =
        "Hostilecase" + Long.toString(Math.abs(UUID.randomUUID().getMostSignificantBits()), 36);
    Person person = new Person(nhs, family);
    secrets.add(nhs);
    secrets.add(family);
    return person;
  }

  /** The sample notice about {@code person}, with a fresh message id. */
  private static String notice(Person person) {
    return new String(sampleNotice(NOTICE), UTF_8)
        .replace("9990000018", person.nhs)
        .replace("\"Ashworth\"", "\"" + person.family + "\"")
        .replace("0b7e5a2c-91d4-4f3e-8c2a-5e6f70819a02", UUID.randomUUID().toString())
        .replace("6f1d2c9e-3b4a-4c1e-9a0b-1d2e3f405a61", UUID.randomUUID().toString());
  }

  /** Everything queued or delivered to any partner: outbox payloads and files in out folders. */
  private List<String> delivered() throws IOException {
    List<String> all =
        new ArrayList<>(
            jdbc.sql("SELECT payload FROM outbox")
                .query((rs, row) -> new String(rs.getBytes(1), UTF_8))
                .list());
    Path exchange = DATA.resolve("exchange");
    if (Files.isDirectory(exchange)) {
      try (Stream<Path> files = Files.walk(exchange)) {
        for (Path file : files.filter(Files::isRegularFile).toList()) {
          if (file.getParent() != null && file.getParent().getFileName().toString().equals("out")) {
            all.add(Files.readString(file, java.nio.charset.StandardCharsets.ISO_8859_1));
          }
        }
      }
    }
    return all;
  }

  private static List<String> logLines() {
    // The appender adds events while holding its own lock (AppenderBase.doAppend), not the list's.
    synchronized (LOG) {
      return LOG.list.stream().map(ILoggingEvent::getFormattedMessage).toList();
    }
  }

  private HttpResponse<String> send(
      String method, String path, String user, String contentType, String body) {
    return send(request(method, path, user, contentType, body));
  }

  private HttpRequest request(
      String method, String path, String user, String contentType, String body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri(path))
            .timeout(REQUEST_TIMEOUT)
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body));
    if (contentType != null) {
      request.header("Content-Type", contentType);
    }
    if (user != null) {
      request.header("Authorization", basic(user, "demo-only-" + user));
    }
    return request.build();
  }

  /** A JSON POST under /api, accepting JSON and problem details. */
  private HttpResponse<String> sendApi(String path, String user, String json) {
    return send(
        HttpRequest.newBuilder(uri(path))
            .timeout(REQUEST_TIMEOUT)
            .header("Authorization", basic(user, "demo-only-" + user))
            .header("Content-Type", "application/json")
            .header("Accept", "application/json, application/problem+json")
            .POST(HttpRequest.BodyPublishers.ofString(json))
            .build());
  }

  private HttpResponse<String> send(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private URI uri(String path) {
    return URI.create("http://localhost:" + port + path);
  }

  private static String basic(String user, String password) {
    return "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(UTF_8));
  }

  private static void assertOutcome(
      HttpResponse<String> response, int status, String issueCode, String diagnosticsPart) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    JsonNode outcome = json(response.body());
    assertThat(outcome.path("resourceType").asText()).isEqualTo("OperationOutcome");
    JsonNode issue = outcome.path("issue").get(0);
    assertThat(issue.path("code").asText()).as(response.body()).isEqualTo(issueCode);
    assertThat(issue.path("diagnostics").asText()).contains(diagnosticsPart);
  }

  private static void assertProblem(HttpResponse<String> response, int status, String detailPart) {
    assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
    assertThat(response.headers().firstValue("Content-Type").orElse(""))
        .startsWith("application/problem+json");
    JsonNode problem = json(response.body());
    assertThat(problem.path("status").asInt()).isEqualTo(status);
    assertThat(problem.path("detail").asText()).contains(detailPart);
  }
}
