package org.concordat.broker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * One broker for all integration tests (one Spring context, shared): the embedded default with the
 * example partnership from {@code config/}, a fresh data folder, and short polling intervals.
 */
// config-dir is set inline (not dynamically) because spring.config.import reads it to load
// ../config/application.yaml before dynamic properties exist.
@AutoConfigureObservability(tracing = false)
@SpringBootTest(
    webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
    properties = "concordat.config-dir=../config")
public abstract class BrokerITSupport {
  protected static final ObjectMapper JSON = new ObjectMapper();
  protected static final Path DATA = newDataDir();
  protected static final String FHIR_JSON = "application/fhir+json";

  /** No request waits for ever: a hung broker fails the test instead of the build's time limit. */
  protected static final java.time.Duration REQUEST_TIMEOUT = java.time.Duration.ofSeconds(90);

  /** The example partnership's MLLP listener for RXA (HL7 v2 ADT), on 127.0.0.1 only. */
  protected static final int MLLP_PORT = freePort();

  @LocalServerPort protected int port;
  @Autowired protected JdbcClient jdbc;

  private final HttpClient http = HttpClient.newHttpClient();

  @DynamicPropertySource
  static void brokerProperties(DynamicPropertyRegistry registry) {
    registry.add("concordat.data-dir", DATA::toString);
    registry.add("concordat.outbox.poll-interval", () -> "100");
    registry.add("concordat.outbox.first-retry-delay", () -> "100ms");
    registry.add("concordat.ledger.checkpoint-interval", () -> "500ms");
    registry.add("concordat.inbound.max-bytes", () -> "65536");
    // a locked account (HostileInputSecurityIT) is free again within seconds
    registry.add("concordat.http.sign-in.lock-duration", () -> "5s");
    registry.add("concordat.hl7v2.mllp.enabled", () -> "true");
    registry.add("concordat.hl7v2.mllp.port", () -> Integer.toString(MLLP_PORT));
  }

  private static int freePort() {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static Path newDataDir() {
    try {
      return Files.createTempDirectory("concordat-it-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  protected HttpResponse<String> post(
      String path, String user, String password, String contentType, byte[] body) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
            .timeout(REQUEST_TIMEOUT)
            .header("Content-Type", contentType)
            .header("Accept", FHIR_JSON)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body));
    if (user != null) {
      request.header("Authorization", basic(user, password));
    }
    return send(request.build());
  }

  protected HttpResponse<String> get(String path, String user, String password) {
    HttpRequest.Builder request =
        HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
            .timeout(REQUEST_TIMEOUT)
            .GET();
    if (user != null) {
      request.header("Authorization", basic(user, password));
    }
    return send(request.build());
  }

  protected HttpResponse<String> postNotice(String user, byte[] notice) {
    return post("/fhir/$process-message", user, "demo-only-" + user, FHIR_JSON, notice);
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

  private static String basic(String user, String password) {
    return "Basic "
        + Base64.getEncoder()
            .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
  }

  /**
   * A test notice as a new message: each call gives it a fresh id ({@code MessageHeader.id} and
   * {@code Bundle.id}), as a partner system does for each message it sends, since the broker
   * answers a repeat of an id with the original answer. Send the same bytes twice to repeat one.
   */
  protected static byte[] notice(String name) {
    return bytes(noticeTree(name));
  }

  /** {@link #notice} as a tree, to change before sending. */
  protected static ObjectNode noticeTree(String name) {
    try {
      return withNewMessageId((ObjectNode) JSON.readTree(sampleNotice(name)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The test notice exactly as stored, with its fixed message id. */
  protected static byte[] sampleNotice(String name) {
    try (InputStream in = BrokerITSupport.class.getResourceAsStream("/notices/" + name)) {
      if (in == null) {
        throw new IllegalArgumentException("No test notice " + name);
      }
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The notice as a new message: new {@code Bundle.id} and {@code MessageHeader.id}. */
  protected static ObjectNode withNewMessageId(ObjectNode notice) {
    String bundleId = java.util.UUID.randomUUID().toString();
    notice.put("id", bundleId);
    if (notice.path("identifier").isObject()) {
      ((ObjectNode) notice.get("identifier")).put("value", "urn:uuid:" + bundleId);
    }
    ObjectNode first = (ObjectNode) notice.path("entry").get(0);
    String headerId = java.util.UUID.randomUUID().toString();
    first.put("fullUrl", "urn:uuid:" + headerId);
    ((ObjectNode) first.get("resource")).put("id", headerId);
    return notice;
  }

  /** The {@code MessageHeader.id} of a notice: the id the broker knows the message by. */
  protected static String messageHeaderId(JsonNode notice) {
    return notice.path("entry").get(0).path("resource").path("id").asText();
  }

  protected static byte[] bytes(JsonNode tree) {
    try {
      return JSON.writeValueAsBytes(tree);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  protected static JsonNode json(String text) {
    try {
      return JSON.readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  protected static Path exchange(String ods, String folder) {
    return DATA.resolve("exchange").resolve(ods).resolve(folder);
  }

  /**
   * The file kept in {@code folder} for a dropped file, found by what its kept name ends with
   * ({@code <time>-<token>-<name>}; e.g. {@code name.reason.txt}); null while there is none.
   */
  protected static Path kept(Path folder, String nameEnding) {
    if (!Files.isDirectory(folder)) {
      return null;
    }
    try (java.util.stream.Stream<Path> files = Files.list(folder)) {
      List<Path> found =
          files.filter(p -> p.getFileName().toString().endsWith("-" + nameEnding)).toList();
      if (found.size() > 1) {
        throw new AssertionError("More than one file ending in " + nameEnding + ": " + found);
      }
      return found.isEmpty() ? null : found.get(0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits (up to 20 s) for {@link #kept} to find the file, and returns it. */
  protected static Path awaitKept(Path folder, String nameEnding) {
    // A reason or an answer is waited for until it is written (it is never empty).
    boolean written = nameEnding.endsWith(".reason.txt") || nameEnding.endsWith(".denied.json");
    return org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(20))
        .until(
            () -> kept(folder, nameEnding),
            found -> found != null && (!written || found.toFile().length() > 0));
  }

  /** Every file kept in {@code folder} whose name ends in {@code -<nameEnding>}. */
  protected static List<Path> allKept(Path folder, String nameEnding) {
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (java.util.stream.Stream<Path> files = Files.list(folder)) {
      return files.filter(p -> p.getFileName().toString().endsWith("-" + nameEnding)).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The ledger entries recorded for one inbound message, parsed independently of the broker. */
  protected java.util.List<JsonNode> ledgerEntriesFor(String messageId) {
    return jdbc.sql(
            "SELECT entry_bytes FROM ledger_entry WHERE message_id = ? ORDER BY entry_index")
        .param(messageId)
        .query((rs, row) -> json(new String(rs.getBytes(1), StandardCharsets.UTF_8)))
        .list();
  }

  /** The current ledger size; waits until a signed checkpoint covers it, and returns it. */
  protected long awaitCheckpointCoveringLedger() {
    long size = jdbc.sql("SELECT next_index FROM ledger_head").query(Long.class).single();
    org.awaitility.Awaitility.await()
        .atMost(java.time.Duration.ofSeconds(20))
        .until(
            () ->
                jdbc.sql("SELECT MAX(tree_size) FROM ledger_checkpoint")
                    .query(Long.class)
                    .optional()
                    .orElse(0L),
            covered -> covered != null && covered >= size);
    return size;
  }

  protected static String sha256Hex(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /**
   * The subject key as the ledger should carry it (docs/ledger-format.md): HMAC-SHA-256 of the
   * person's salt followed by the ten digits, the salt found by the lookup key (HMAC-SHA-256 of the
   * digits). Both HMAC keys come from the secret on disk under the scheme stored in the database:
   * the secret itself ({@code legacy}) or HKDF-SHA-256 of it under each label ({@code hkdf-v2}),
   * computed here from the RFC 5869 definition, not by the broker's code.
   */
  protected String expectedSubjectHash(String nhsNumber) {
    try {
      byte[] secret =
          Base64.getDecoder()
              .decode(
                  Files.readString(DATA.resolve("keys").resolve("subject-hash.secret")).strip());
      String scheme =
          jdbc.sql("SELECT scheme FROM subject_key_scheme WHERE id = 1")
              .query(String.class)
              .single();
      byte[] subjectHmacKey;
      byte[] lookupHmacKey;
      if (scheme.equals("legacy")) {
        subjectHmacKey = secret;
        lookupHmacKey = secret;
      } else if (scheme.equals("hkdf-v2")) {
        subjectHmacKey = hkdfSha256(secret, "concordat subject-key v2");
        lookupHmacKey = hkdfSha256(secret, "concordat lookup-key v2");
      } else {
        throw new AssertionError("Unknown subject key scheme " + scheme);
      }
      byte[] digits = nhsNumber.getBytes(StandardCharsets.US_ASCII);
      String lookup = HexFormat.of().formatHex(hmac(lookupHmacKey, digits));
      byte[] salt =
          jdbc.sql("SELECT salt FROM subject_salt WHERE lookup_key = ?")
              .param(lookup)
              .query((rs, row) -> rs.getBytes(1))
              .single();
      byte[] input = new byte[salt.length + digits.length];
      System.arraycopy(salt, 0, input, 0, salt.length);
      System.arraycopy(digits, 0, input, salt.length, digits.length);
      return HexFormat.of().formatHex(hmac(subjectHmacKey, input));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** HKDF-SHA-256 (RFC 5869) with no salt, 32 bytes: one expand block, T(1). */
  static byte[] hkdfSha256(byte[] secret, String label) {
    byte[] prk = hmac(new byte[32], secret);
    byte[] info = label.getBytes(StandardCharsets.US_ASCII);
    byte[] block = new byte[info.length + 1];
    System.arraycopy(info, 0, block, 0, info.length);
    block[info.length] = 1;
    return hmac(prk, block);
  }

  static byte[] hmac(byte[] key, byte[] message) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(message);
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
