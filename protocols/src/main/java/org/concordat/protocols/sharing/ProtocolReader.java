package org.concordat.protocols.sharing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.concordat.protocols.canonical.CanonicalJson;
import org.concordat.protocols.sharing.LocatedYaml.Position;
import org.jspecify.annotations.Nullable;

/**
 * Reads a sharing protocol from its YAML file (format: {@code docs/protocol-format.md}) and checks
 * it, reporting every problem found with its line and column rather than stopping at the first.
 *
 * <p>The protocol hash in {@link ProtocolRef} is the lower-case hex SHA-256 of the RFC 8785
 * canonical JSON of the document as read, so layout, comments, quoting and key order do not change
 * it, but any change of content does.
 *
 * <p>This is the one class in the core that touches the file system ({@link #read(Path)}); the
 * architecture test allows exactly that.
 */
public final class ProtocolReader {
  private static final Pattern KEBAB = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
  private static final Pattern ODS = Pattern.compile("[A-Z0-9]{3,10}");
  private static final Pattern RESOURCE_TYPE = Pattern.compile("[A-Z][A-Za-z]+");
  private static final Pattern VERSION = Pattern.compile("\\S+");

  private static final List<String> TOP_KEYS =
      List.of(
          "id",
          "version",
          "title",
          "valid-from",
          "review-date",
          "parties",
          "purposes",
          "categories",
          "flows");
  private static final List<String> PARTY_KEYS = List.of("ods", "name", "kind");
  private static final List<String> PURPOSE_KEYS =
      List.of("code", "description", "healthcare", "legal-basis", "message-events");
  private static final List<String> PURPOSE_REQUIRED =
      List.of("code", "description", "healthcare", "legal-basis");
  private static final List<String> CATEGORY_KEYS = List.of("code", "description", "fhir", "local");
  private static final List<String> CATEGORY_REQUIRED = List.of("code", "description");
  private static final List<String> FLOW_KEYS = List.of("from", "to", "purpose", "categories");

  private ProtocolReader() {}

  /**
   * Reads the protocol in {@code file} (UTF-8). Problems are reported against the path as given.
   *
   * @throws InvalidProtocolException listing every problem found
   * @throws UncheckedIOException if the file cannot be read
   */
  public static Protocol read(Path file) {
    String text;
    try {
      text = Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the protocol file " + file, e);
    }
    return read(file.toString(), text);
  }

  /**
   * Reads a protocol from YAML text; {@code sourceName} is the file name used in problem reports.
   *
   * @throws InvalidProtocolException listing every problem found
   */
  public static Protocol read(String sourceName, String yamlText) {
    LocatedYaml yaml;
    try {
      yaml = LocatedYaml.parse(yamlText);
    } catch (LocatedYaml.SyntaxError e) {
      throw new InvalidProtocolException(
          List.of(
              new ProtocolProblem(
                  sourceName, e.position.line(), e.position.column(), e.getMessage())));
    }
    return new Checker(sourceName, yaml).check();
  }

  /** The lower-case hex SHA-256 of the canonical JSON of a protocol document's JSON form. */
  static String hash(JsonNode document) {
    try {
      MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
      return HexFormat.of().formatHex(sha256.digest(CanonicalJson.canonicalize(document)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is not available in this JVM", e);
    }
  }

  /** One pass of checks over one document, collecting problems. */
  private static final class Checker {
    private final String file;
    private final LocatedYaml yaml;
    private final List<ProtocolProblem> problems = new ArrayList<>();

    Checker(String file, LocatedYaml yaml) {
      this.file = file;
      this.yaml = yaml;
    }

    Protocol check() {
      for (LocatedYaml.Located duplicate : yaml.duplicateKeys) {
        report(
            duplicate.position(),
            "The key '" + duplicate.text() + "' appears twice in the same mapping.");
      }
      for (LocatedYaml.Located alias : yaml.aliases) {
        report(
            alias.position(),
            "YAML aliases (*"
                + alias.text()
                + ") are not allowed in a protocol; write the value out in full.");
      }
      JsonNode root = yaml.root;
      if (!root.isObject()) {
        reportAt("", "A protocol is a YAML mapping with keys " + String.join(", ", TOP_KEYS) + ".");
        throw failure();
      }
      keys(root, "", "the protocol", TOP_KEYS, TOP_KEYS);

      String id = text(root, "", "id", "the protocol");
      if (id != null && !KEBAB.matcher(id).matches()) {
        reportAt(
            "/id",
            "The protocol id '"
                + id
                + "' must be lower-case words joined by hyphens, e.g. northmoor-integrated-care.");
      }
      String version = text(root, "", "version", "the protocol");
      if (version != null && !VERSION.matcher(version).matches()) {
        reportAt("/version", "The protocol version must not contain spaces.");
      }
      String title = text(root, "", "title", "the protocol");
      LocalDate validFrom = date(root, "valid-from");
      LocalDate reviewDate = date(root, "review-date");
      if (validFrom != null && reviewDate != null && validFrom.isAfter(reviewDate)) {
        reportAt(
            "/review-date",
            "The review-date "
                + reviewDate
                + " is before valid-from "
                + validFrom
                + "; a protocol is reviewed after it starts.");
      }

      Map<OdsCode, Party> parties = parties(root);
      Map<PurposeCode, Purpose> purposes = purposes(root);
      Map<CategoryCode, DataCategory> categories = categories(root);
      List<Flow> flows = flows(root, parties, purposes, categories);

      if (!problems.isEmpty()
          || id == null
          || version == null
          || title == null
          || validFrom == null
          || reviewDate == null) {
        throw failure();
      }
      return new Protocol(
          new ProtocolRef(id, version, hash(root)),
          title,
          validFrom,
          reviewDate,
          List.copyOf(parties.values()),
          List.copyOf(purposes.values()),
          List.copyOf(categories.values()),
          flows);
    }

    private InvalidProtocolException failure() {
      if (problems.isEmpty()) {
        reportAt("", "The protocol is incomplete.");
      }
      problems.sort(
          Comparator.comparingInt(ProtocolProblem::line).thenComparingInt(ProtocolProblem::column));
      return new InvalidProtocolException(problems);
    }

    // ---- sections ------------------------------------------------------------------------------

    private Map<OdsCode, Party> parties(JsonNode root) {
      Map<OdsCode, Party> parties = new LinkedHashMap<>();
      Map<OdsCode, Position> firstSeen = new HashMap<>();
      List<JsonNode> items = list(root, "", "parties", true);
      for (int i = 0; i < items.size(); i++) {
        String at = "/parties/" + i;
        JsonNode item = items.get(i);
        String what = "party " + (i + 1);
        if (!mapping(item, at, what, PARTY_KEYS, PARTY_KEYS)) {
          continue;
        }
        OdsCode ods = odsCode(text(item, at, "ods", what), at + "/ods");
        String name = text(item, at, "name", what);
        PartyKind kind = kind(item, at);
        if (ods == null) {
          continue;
        }
        Position first = firstSeen.putIfAbsent(ods, yaml.valueAt(at + "/ods"));
        if (first != null) {
          reportAt(
              at + "/ods",
              "The party " + ods + " is listed twice (first at line " + first.line() + ").");
        } else if (name != null && kind != null) {
          parties.put(ods, new Party(ods, name, kind));
        }
      }
      return parties;
    }

    private @Nullable PartyKind kind(JsonNode party, String at) {
      String kind = text(party, at, "kind", "the party");
      if (kind == null) {
        return null;
      }
      for (PartyKind k : PartyKind.values()) {
        if (wireName(k).equals(kind)) {
          return k;
        }
      }
      List<String> names = new ArrayList<>();
      for (PartyKind k : PartyKind.values()) {
        names.add(wireName(k));
      }
      reportAt(
          at + "/kind",
          "The party kind '" + kind + "' is not one of " + String.join(", ", names) + ".");
      return null;
    }

    private Map<PurposeCode, Purpose> purposes(JsonNode root) {
      Map<PurposeCode, Purpose> purposes = new LinkedHashMap<>();
      Map<PurposeCode, Position> firstSeen = new HashMap<>();
      Map<String, PurposeCode> eventOwner = new HashMap<>();
      List<JsonNode> items = list(root, "", "purposes", true);
      for (int i = 0; i < items.size(); i++) {
        String at = "/purposes/" + i;
        JsonNode item = items.get(i);
        String what = "purpose " + (i + 1);
        if (!mapping(item, at, what, PURPOSE_KEYS, PURPOSE_REQUIRED)) {
          continue;
        }
        PurposeCode code = purposeCode(text(item, at, "code", what), at + "/code");
        String label = code == null ? what : "the purpose " + code;
        String description = text(item, at, "description", label);
        Boolean healthcare = bool(item, at, "healthcare", label);
        String legalBasis = optionalText(item, at, "legal-basis", label);
        if (legalBasis != null && legalBasis.isBlank()) {
          reportAt(
              at + "/legal-basis",
              "The "
                  + (code == null ? what : "purpose " + code)
                  + " has an empty legal-basis: say which UK GDPR Article 6 (and, for health data,"
                  + " Article 9) condition and statutory power apply.");
          legalBasis = null;
        }
        List<String> events = new ArrayList<>();
        List<JsonNode> eventNodes = list(item, at, "message-events", false);
        for (int e = 0; e < eventNodes.size(); e++) {
          String eventAt = at + "/message-events/" + e;
          JsonNode eventNode = eventNodes.get(e);
          if (!eventNode.isTextual() || eventNode.textValue().isBlank()) {
            reportAt(eventAt, "A message event is a code such as 975731000000100.");
            continue;
          }
          String event = eventNode.textValue();
          if (events.contains(event)) {
            reportAt(eventAt, "The message event " + event + " is listed twice for " + label + ".");
            continue;
          }
          events.add(event);
          if (code != null) {
            PurposeCode owner = eventOwner.putIfAbsent(event, code);
            if (owner != null) {
              reportAt(
                  eventAt,
                  "The message event "
                      + event
                      + " is already claimed by the purpose "
                      + owner
                      + "; a message event must mean exactly one purpose.");
            }
          }
        }
        if (code == null) {
          continue;
        }
        Position first = firstSeen.putIfAbsent(code, yaml.valueAt(at + "/code"));
        if (first != null) {
          reportAt(
              at + "/code",
              "The purpose " + code + " is listed twice (first at line " + first.line() + ").");
        } else if (description != null && healthcare != null && legalBasis != null) {
          purposes.put(code, new Purpose(code, description, healthcare, legalBasis, events));
        }
      }
      return purposes;
    }

    private Map<CategoryCode, DataCategory> categories(JsonNode root) {
      Map<CategoryCode, DataCategory> categories = new LinkedHashMap<>();
      Map<CategoryCode, Position> firstSeen = new HashMap<>();
      List<JsonNode> items = list(root, "", "categories", true);
      for (int i = 0; i < items.size(); i++) {
        String at = "/categories/" + i;
        JsonNode item = items.get(i);
        String what = "category " + (i + 1);
        if (!mapping(item, at, what, CATEGORY_KEYS, CATEGORY_REQUIRED)) {
          continue;
        }
        CategoryCode code = categoryCode(text(item, at, "code", what), at + "/code");
        String label = code == null ? what : "the category " + code;
        String description = text(item, at, "description", label);
        Map<String, List<String>> fhir = selections(item, at, "fhir", label, true);
        Map<String, List<String>> local = selections(item, at, "local", label, false);
        if (fhir.isEmpty() && local.isEmpty() && !item.has("fhir") && !item.has("local")) {
          reportAt(
              at,
              "The "
                  + (code == null ? what : "category " + code)
                  + " selects nothing: give FHIRPath selections under 'fhir' or field names under"
                  + " 'local'.");
        }
        if (code == null) {
          continue;
        }
        Position first = firstSeen.putIfAbsent(code, yaml.valueAt(at + "/code"));
        if (first != null) {
          reportAt(
              at + "/code",
              "The category " + code + " is listed twice (first at line " + first.line() + ").");
        } else if (description != null) {
          categories.put(code, new DataCategory(code, description, fhir, local));
        }
      }
      return categories;
    }

    /** A mapping of resource type (or local format) to a non-empty list of paths (or fields). */
    private Map<String, List<String>> selections(
        JsonNode category, String at, String key, String label, boolean fhir) {
      Map<String, List<String>> result = new LinkedHashMap<>();
      JsonNode node = category.get(key);
      String keyAt = at + "/" + key;
      if (node == null) {
        return result;
      }
      if (!node.isObject() || node.isEmpty()) {
        reportAt(
            keyAt,
            fhir
                ? "Under 'fhir', " + label + " maps a FHIR resource type to FHIRPath selections."
                : "Under 'local', " + label + " maps a local format name to field names.");
        return result;
      }
      for (Map.Entry<String, JsonNode> entry : node.properties()) {
        String name = entry.getKey();
        String nameAt = LocatedYaml.child(keyAt, name);
        if (fhir && !RESOURCE_TYPE.matcher(name).matches()) {
          reportKey(nameAt, "'" + name + "' is not a FHIR resource type such as Patient.");
          continue;
        }
        if (!fhir && !KEBAB.matcher(name).matches()) {
          reportKey(
              nameAt,
              "The local format name '"
                  + name
                  + "' must be lower-case words joined by hyphens, e.g. social-care-referral-csv.");
          continue;
        }
        JsonNode list = entry.getValue();
        if (!list.isArray() || list.isEmpty()) {
          reportAt(
              nameAt,
              fhir
                  ? "List the FHIRPath selections for " + name + ", e.g. [" + name + ".name]."
                  : "List the field names of " + name + ".");
          continue;
        }
        List<String> paths = new ArrayList<>();
        for (int i = 0; i < list.size(); i++) {
          JsonNode path = list.get(i);
          String pathAt = LocatedYaml.child(nameAt, i);
          if (!path.isTextual() || path.textValue().isBlank()) {
            reportAt(pathAt, fhir ? "A FHIRPath selection is text." : "A field name is text.");
          } else if (fhir
              && !(path.textValue().equals(name) || path.textValue().startsWith(name + "."))) {
            reportAt(
                pathAt,
                "The FHIRPath '"
                    + path.textValue()
                    + "' is listed under "
                    + name
                    + " but does not start with '"
                    + name
                    + ".'.");
          } else if (paths.contains(path.textValue())) {
            reportAt(pathAt, "'" + path.textValue() + "' is listed twice.");
          } else {
            paths.add(path.textValue());
          }
        }
        result.put(name, paths);
      }
      return result;
    }

    private List<Flow> flows(
        JsonNode root,
        Map<OdsCode, Party> parties,
        Map<PurposeCode, Purpose> purposes,
        Map<CategoryCode, DataCategory> categories) {
      List<Flow> flows = new ArrayList<>();
      Map<String, Position> firstSeen = new HashMap<>();
      List<JsonNode> items = list(root, "", "flows", false);
      for (int i = 0; i < items.size(); i++) {
        String at = "/flows/" + i;
        JsonNode item = items.get(i);
        String what = "flow " + (i + 1);
        if (!mapping(item, at, what, FLOW_KEYS, FLOW_KEYS)) {
          continue;
        }
        OdsCode from = knownParty(item, at, "from", parties);
        OdsCode to = knownParty(item, at, "to", parties);
        if (from != null && from.equals(to)) {
          reportAt(at + "/to", "The flow goes from " + from + " to itself.");
        }
        PurposeCode purpose = purposeCode(text(item, at, "purpose", what), at + "/purpose");
        if (purpose != null
            && !purposes.containsKey(purpose)
            && !declared(root, "purposes", purpose.value())) {
          reportAt(
              at + "/purpose",
              "The flow names purpose '" + purpose + "' but no purpose has that code.");
          purpose = null;
        }
        Set<CategoryCode> flowCategories = new LinkedHashSet<>();
        List<JsonNode> categoryNodes = list(item, at, "categories", true);
        for (int c = 0; c < categoryNodes.size(); c++) {
          String categoryAt = at + "/categories/" + c;
          JsonNode node = categoryNodes.get(c);
          CategoryCode category =
              categoryCode(node.isTextual() ? node.textValue() : node.toString(), categoryAt);
          if (category == null) {
            continue;
          }
          if (!categories.containsKey(category)
              && !declared(root, "categories", category.value())) {
            reportAt(
                categoryAt,
                "The flow names category '" + category + "' but no category has that code.");
          } else if (!flowCategories.add(category)) {
            reportAt(categoryAt, "The category " + category + " is listed twice in this flow.");
          }
        }
        if (from == null || to == null || purpose == null || flowCategories.isEmpty()) {
          continue;
        }
        String key = from + " " + to + " " + purpose;
        Position first = firstSeen.putIfAbsent(key, yaml.valueAt(at));
        if (first != null) {
          reportAt(
              at,
              "There is already a flow from "
                  + from
                  + " to "
                  + to
                  + " for purpose "
                  + purpose
                  + " (at line "
                  + first.line()
                  + "); list all its categories there.");
        } else {
          flows.add(new Flow(from, to, purpose, flowCategories));
        }
      }
      return flows;
    }

    private @Nullable OdsCode knownParty(
        JsonNode flow, String at, String key, Map<OdsCode, Party> parties) {
      OdsCode ods = odsCode(text(flow, at, key, "the flow"), at + "/" + key);
      if (ods != null
          && !parties.containsKey(ods)
          && !declared(yaml.root, "parties", "ods", ods.value())) {
        reportAt(
            at + "/" + key,
            "The flow names party '" + ods + "' in '" + key + "' but no party has that ODS code.");
        return null;
      }
      return ods;
    }

    /**
     * Whether a code is declared in a section even if that entry had its own problems, so a flow is
     * not also blamed for naming it.
     */
    private static boolean declared(JsonNode root, String section, String code) {
      return declared(root, section, "code", code);
    }

    private static boolean declared(JsonNode root, String section, String key, String code) {
      JsonNode items = root.get(section);
      if (items == null || !items.isArray()) {
        return false;
      }
      for (JsonNode item : items) {
        JsonNode value = item.get(key);
        if (value != null && code.equals(value.asText())) {
          return true;
        }
      }
      return false;
    }

    // ---- field helpers
    // ---------------------------------------------------------------------------

    private boolean mapping(
        JsonNode node, String at, String what, List<String> allowed, List<String> required) {
      if (!node.isObject()) {
        reportAt(
            at, "The " + what + " must be a mapping with keys " + String.join(", ", allowed) + ".");
        return false;
      }
      keys(node, at, "the " + what, allowed, required);
      return true;
    }

    private void keys(
        JsonNode node, String at, String what, List<String> allowed, List<String> required) {
      for (Map.Entry<String, JsonNode> entry : node.properties()) {
        String key = entry.getKey();
        if (!allowed.contains(key)) {
          String hint = suggestion(key, allowed);
          reportKey(
              LocatedYaml.child(at, key),
              "Unknown key '"
                  + key
                  + "' in "
                  + what
                  + (hint != null
                      ? "; did you mean '" + hint + "'?"
                      : "; the keys allowed here are " + String.join(", ", allowed) + "."));
        }
      }
      for (String key : required) {
        if (!node.has(key)) {
          reportAt(at, "The required key '" + key + "' is missing from " + what + ".");
        }
      }
    }

    private static @Nullable String suggestion(String key, List<String> allowed) {
      String normal = key.toLowerCase(Locale.ROOT).replace('_', '-').replace(' ', '-');
      String squashed = normal.replace("-", "");
      for (String candidate : allowed) {
        if (candidate.equals(normal) || candidate.replace("-", "").equals(squashed)) {
          return candidate;
        }
      }
      return null;
    }

    /** A required non-blank text field; missing keys were already reported by {@link #keys}. */
    private @Nullable String text(JsonNode node, String at, String key, String what) {
      String value = optionalText(node, at, key, what);
      if (value != null && value.isBlank()) {
        reportAt(at + "/" + key, "The " + key + " of " + what + " is empty.");
        return null;
      }
      return value;
    }

    private @Nullable String optionalText(JsonNode node, String at, String key, String what) {
      JsonNode value = node.get(key);
      if (value == null) {
        return null;
      }
      if (!value.isTextual()) {
        reportAt(at + "/" + key, "The " + key + " of " + what + " must be text.");
        return null;
      }
      return value.textValue();
    }

    private @Nullable Boolean bool(JsonNode node, String at, String key, String what) {
      JsonNode value = node.get(key);
      if (value == null) {
        return null;
      }
      if (!value.isBoolean()) {
        reportAt(at + "/" + key, "The " + key + " of " + what + " must be true or false.");
        return null;
      }
      return value.booleanValue();
    }

    private @Nullable LocalDate date(JsonNode root, String key) {
      String text = text(root, "", key, "the protocol");
      if (text == null) {
        return null;
      }
      try {
        return LocalDate.parse(text);
      } catch (DateTimeParseException e) {
        reportAt("/" + key, "The " + key + " '" + text + "' is not a date written as YYYY-MM-DD.");
        return null;
      }
    }

    /** The items of a list field; a missing or wrong-typed list gives no items (and a problem). */
    private List<JsonNode> list(JsonNode node, String at, String key, boolean nonEmpty) {
      JsonNode value = node.get(key);
      List<JsonNode> items = new ArrayList<>();
      if (value == null) {
        return items;
      }
      if (!value.isArray()) {
        reportAt(at + "/" + key, "The " + key + " must be a list.");
        return items;
      }
      if (nonEmpty && value.isEmpty()) {
        reportAt(at + "/" + key, "The " + key + " list is empty.");
      }
      value.forEach(items::add);
      return items;
    }

    private @Nullable OdsCode odsCode(@Nullable String text, String at) {
      if (text == null) {
        return null;
      }
      if (!ODS.matcher(text).matches()) {
        reportAt(
            at,
            "'"
                + text
                + "' is not a valid ODS code: 3 to 10 upper-case letters or digits, e.g. RXA.");
        return null;
      }
      return new OdsCode(text);
    }

    private @Nullable PurposeCode purposeCode(@Nullable String text, String at) {
      if (text == null) {
        return null;
      }
      if (!KEBAB.matcher(text).matches()) {
        reportAt(
            at,
            "'"
                + text
                + "' is not a valid purpose code: use lower-case words joined by hyphens, e.g."
                + " hospital-discharge.");
        return null;
      }
      return new PurposeCode(text);
    }

    private @Nullable CategoryCode categoryCode(@Nullable String text, String at) {
      if (text == null) {
        return null;
      }
      if (!KEBAB.matcher(text).matches()) {
        reportAt(
            at,
            "'"
                + text
                + "' is not a valid category code: use lower-case words joined by hyphens, e.g."
                + " demographics.");
        return null;
      }
      return new CategoryCode(text);
    }

    private void reportAt(String pointer, String message) {
      report(yaml.valueAt(pointer), message);
    }

    private void reportKey(String pointer, String message) {
      report(yaml.keyAt(pointer), message);
    }

    private void report(Position position, String message) {
      problems.add(new ProtocolProblem(file, position.line(), position.column(), message));
    }
  }

  /** The kebab-case name of a party kind as written in protocol files. */
  static String wireName(PartyKind kind) {
    return kind.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
