package org.concordat.protocols.ledger;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;
import org.concordat.protocols.canonical.CanonicalJson;

/**
 * One entry in the disclosure ledger, and its exact byte form: the RFC 8785 canonical JSON {@code
 * {"body":{..},"index":n,"time":"..Z","type":"disclosure","v":1}} whose leaf hash goes into the
 * Merkle tree (format: {@code docs/ledger-format.md}).
 *
 * @param index the entry's 0-based position in the ledger
 * @param time when the entry was sequenced, kept to the millisecond (finer parts are dropped so the
 *     byte form is fixed-width and round-trips)
 * @param type what the entry records; decides which {@link EntryBody} it has
 */
public record LedgerEntry(long index, Instant time, EntryType type, EntryBody body) {
  /** The version of the entry format; a different layout would be a different number. */
  public static final int FORMAT_VERSION = 1;

  private static final Set<String> MEMBERS = Set.of("v", "index", "time", "type", "body");
  private static final Instant EARLIEST = Instant.parse("0000-01-01T00:00:00Z");
  private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSS'Z'").withZone(ZoneOffset.UTC);
  private static final Pattern TIME_FORMAT =
      Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
  private static final ObjectMapper STRICT =
      JsonMapper.builder()
          .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
          .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
          .build();

  public LedgerEntry {
    Objects.requireNonNull(time, "time");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(body, "body");
    if (index < 0) {
      throw new IllegalArgumentException("A ledger index is 0 or more, not " + index);
    }
    time = time.truncatedTo(ChronoUnit.MILLIS);
    if (time.isBefore(EARLIEST) || time.isAfter(LATEST)) {
      throw new IllegalArgumentException("A ledger time is in the years 0000 to 9999");
    }
    requireBodyFits(type, body);
  }

  private static void requireBodyFits(EntryType type, EntryBody body) {
    boolean fits =
        switch (type) {
          case DISCLOSURE, DENIAL, DELIVERY_FAILED, DELIVERY_CANCELLED ->
              body instanceof DisclosureBody;
          case CONSENT_CHANGE -> body instanceof ConsentChangeBody;
          case BREAK_GLASS_GRANT -> body instanceof BreakGlassGrantBody;
          case BREAK_GLASS_REVIEW -> body instanceof BreakGlassReviewBody;
          case BREAK_GLASS_REVOCATION -> body instanceof BreakGlassRevocationBody;
          case PROTOCOL_SIGNED, PROTOCOL_SUSPENDED, PROTOCOL_WITHDRAWN, PARTY_REINSTATED ->
              body instanceof ProtocolEventBody;
          case KEY_ROTATION -> body instanceof KeyRotationBody;
        };
    if (!fits) {
      throw new IllegalArgumentException(
          "A " + type.wireName() + " entry cannot have a " + body.getClass().getSimpleName());
    }
    if (body instanceof DisclosureBody disclosure
        && (type == EntryType.DENIAL) != disclosure.isDenial()) {
      throw new IllegalArgumentException(
          "A denial entry records a deny decision, and only a denial does; got a "
              + type.wireName()
              + " entry with decision "
              + disclosure.decision());
    }
  }

  /**
   * The body of a {@code disclosure}, {@code denial}, {@code delivery-failed} or {@code
   * delivery-cancelled} entry.
   *
   * @throws IllegalStateException if this entry is of another type
   */
  public DisclosureBody disclosureBody() {
    if (body instanceof DisclosureBody disclosure) {
      return disclosure;
    }
    throw new IllegalStateException(
        "Ledger entry " + index + " is a " + type.wireName() + " entry, not a disclosure");
  }

  /** The RFC 8785 canonical JSON of this entry, UTF-8: the bytes that are hashed and stored. */
  public byte[] canonicalBytes() {
    return canonicalBytes(canonicalBody(body));
  }

  /**
   * The canonical bytes of this entry given those of its body (from {@link #canonicalBody}), so
   * that the body's share of the work, most of it, can be done before the entry is sequenced. The
   * members of an entry sort as {@code body, index, time, type, v}, so the entry is the body
   * followed by four members whose canonical forms are plain.
   */
  public byte[] canonicalBytes(byte[] canonicalBody) {
    byte[] tail =
        (",\"index\":"
                + index
                + ",\"time\":\""
                + TIME.format(time)
                + "\",\"type\":\""
                + type.wireName()
                + "\",\"v\":"
                + FORMAT_VERSION
                + "}")
            .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    byte[] bytes = new byte[BODY_PREFIX.length + canonicalBody.length + tail.length];
    System.arraycopy(BODY_PREFIX, 0, bytes, 0, BODY_PREFIX.length);
    System.arraycopy(canonicalBody, 0, bytes, BODY_PREFIX.length, canonicalBody.length);
    System.arraycopy(tail, 0, bytes, BODY_PREFIX.length + canonicalBody.length, tail.length);
    return bytes;
  }

  private static final byte[] BODY_PREFIX =
      "{\"body\":".getBytes(java.nio.charset.StandardCharsets.US_ASCII);

  /** The RFC 8785 canonical JSON of an entry body, UTF-8. */
  public static byte[] canonicalBody(EntryBody body) {
    return CanonicalJson.canonicalize(bodyJson(body));
  }

  private static ObjectNode bodyJson(EntryBody body) {
    // Java 17 has no pattern switch; the sealed interface keeps this list complete.
    if (body instanceof DisclosureBody b) {
      return b.toJson();
    } else if (body instanceof ConsentChangeBody b) {
      return b.toJson();
    } else if (body instanceof BreakGlassGrantBody b) {
      return b.toJson();
    } else if (body instanceof BreakGlassReviewBody b) {
      return b.toJson();
    } else if (body instanceof BreakGlassRevocationBody b) {
      return b.toJson();
    } else if (body instanceof ProtocolEventBody b) {
      return b.toJson();
    } else if (body instanceof KeyRotationBody b) {
      return b.toJson();
    }
    throw new IllegalStateException("No JSON form for " + body.getClass());
  }

  /** The RFC 6962 leaf hash of {@link #canonicalBytes()}. */
  public byte[] leafHash() {
    return MerkleHash.leafHash(canonicalBytes());
  }

  /**
   * Reads an entry from its canonical bytes. Bytes that parse but are not exactly the canonical
   * form of the entry they describe are refused, so one entry has one byte form and one hash.
   *
   * @throws InvalidLedgerEntryException saying what is wrong
   */
  public static LedgerEntry parse(byte[] bytes) {
    Objects.requireNonNull(bytes, "bytes");
    JsonNode root;
    try {
      root = STRICT.readTree(bytes);
    } catch (JacksonException e) {
      throw new InvalidLedgerEntryException("The ledger entry is not valid JSON", e);
    } catch (IOException e) {
      throw new InvalidLedgerEntryException("The ledger entry could not be read", e);
    }
    if (root == null || root.isMissingNode()) {
      throw new InvalidLedgerEntryException("The ledger entry is empty");
    }
    byte[] canonical;
    try {
      canonical = CanonicalJson.canonicalize(root);
    } catch (IllegalArgumentException e) {
      throw new InvalidLedgerEntryException("The ledger entry has no canonical form", e);
    }
    if (!Arrays.equals(canonical, bytes)) {
      throw new InvalidLedgerEntryException(
          "The ledger entry is not in RFC 8785 canonical form (member order, whitespace or"
              + " escaping differ)");
    }
    LedgerEntry entry;
    try {
      entry = fromJson(root);
    } catch (InvalidLedgerEntryException e) {
      throw e;
    } catch (IllegalArgumentException e) {
      throw new InvalidLedgerEntryException("The ledger entry is invalid: " + e.getMessage(), e);
    }
    // Catches forms the model would write differently, e.g. an unsorted or repeated category.
    if (!Arrays.equals(entry.canonicalBytes(), bytes)) {
      throw new InvalidLedgerEntryException(
          "The ledger entry does not re-encode to the same bytes (unsorted or repeated values)");
    }
    return entry;
  }

  private static LedgerEntry fromJson(JsonNode root) {
    Json.members(root, "ledger entry", MEMBERS);
    JsonNode v = root.get("v");
    if (!v.isIntegralNumber() || v.asLong() != FORMAT_VERSION) {
      throw new InvalidLedgerEntryException("This reader knows ledger entry format v1 only");
    }
    JsonNode index = root.get("index");
    if (!index.isIntegralNumber() || !index.canConvertToLong()) {
      throw new InvalidLedgerEntryException("'index' is a whole number");
    }
    String timeText = Json.text(root, "time");
    if (!TIME_FORMAT.matcher(timeText).matches()) {
      throw new InvalidLedgerEntryException(
          "'time' is UTC to the millisecond, e.g. 2026-03-01T09:30:00.000Z");
    }
    Instant time;
    try {
      time = Instant.parse(timeText);
    } catch (DateTimeParseException e) {
      throw new InvalidLedgerEntryException("'time' is not a valid instant", e);
    }
    EntryType type = EntryType.fromWireName(Json.text(root, "type"));
    // Each entry type owns the shape of its body; new types add a case here.
    JsonNode bodyNode = root.get("body");
    EntryBody body =
        switch (type) {
          case DISCLOSURE, DENIAL, DELIVERY_FAILED, DELIVERY_CANCELLED ->
              DisclosureBody.fromJson(bodyNode);
          case CONSENT_CHANGE -> ConsentChangeBody.fromJson(bodyNode);
          case BREAK_GLASS_GRANT -> BreakGlassGrantBody.fromJson(bodyNode);
          case BREAK_GLASS_REVIEW -> BreakGlassReviewBody.fromJson(bodyNode);
          case BREAK_GLASS_REVOCATION -> BreakGlassRevocationBody.fromJson(bodyNode);
          case PROTOCOL_SIGNED, PROTOCOL_SUSPENDED, PROTOCOL_WITHDRAWN, PARTY_REINSTATED ->
              ProtocolEventBody.fromJson(bodyNode);
          case KEY_ROTATION -> KeyRotationBody.fromJson(bodyNode);
        };
    return new LedgerEntry(index.longValue(), time, type, body);
  }
}
