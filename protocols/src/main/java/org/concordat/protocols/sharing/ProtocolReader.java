package org.concordat.protocols.sharing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.concordat.protocols.canonical.CanonicalJson;
import org.concordat.protocols.keys.VerifierKey;
import org.concordat.protocols.yaml.LocatedYaml;
import org.concordat.protocols.yaml.LocatedYaml.Position;
import org.concordat.protocols.yaml.YamlChecker;
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
  private static final Pattern ARTICLE_6 = Pattern.compile("6\\(1\\)\\([a-f]\\)");
  private static final Pattern ARTICLE_9 = Pattern.compile("9\\(2\\)\\([a-j]\\)");
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");
  // The keys each mapping accepts. Package-visible so a test can check the JSON Schema covers them.
  static final List<String> TOP_KEYS =
      List.of(
          "id",
          "version",
          "title",
          "supersedes",
          "valid-from",
          "review-date",
          "retention",
          "consent-review",
          "dpia-reference",
          "contacts",
          "notes",
          "parties",
          "purposes",
          "categories",
          "flows");
  static final List<String> TOP_REQUIRED =
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
  static final List<String> PARTY_KEYS =
      List.of("ods", "name", "kind", "role", "signing-keys", "contact");
  static final List<String> PARTY_REQUIRED = List.of("ods", "name", "kind", "role");
  static final List<String> CONTACT_KEYS = List.of("name", "email", "role");
  static final List<String> CONTACT_REQUIRED = List.of("name", "email");
  static final List<String> PURPOSE_KEYS =
      List.of(
          "code",
          "description",
          "kind",
          "healthcare",
          "secondary-use",
          "legal-basis",
          "explicit-consent",
          "national-data-opt-out",
          "consent-override",
          "message-events");
  static final List<String> PURPOSE_REQUIRED =
      List.of("code", "description", "healthcare", "legal-basis", "explicit-consent");
  static final List<String> LEGAL_BASIS_KEYS = List.of("article-6", "article-9", "statutory-power");
  static final List<String> CONSENT_OVERRIDE_KEYS =
      List.of("may-proceed-despite-refusal", "justification");
  static final List<String> CATEGORY_KEYS =
      List.of("code", "description", "fhir", "local", "responsible");
  static final List<String> CATEGORY_REQUIRED = List.of("code", "description");
  static final List<String> FLOW_KEYS =
      List.of("from", "to", "purpose", "categories", "retention", "conditions");
  static final List<String> FLOW_REQUIRED = List.of("from", "to", "purpose", "categories");

  private ProtocolReader() {}

  /**
   * Reads the protocol in {@code file} (UTF-8). Problems are reported against the path as given.
   *
   * @throws InvalidProtocolException listing every error found
   * @throws UncheckedIOException if the file cannot be read
   */
  public static Protocol read(Path file) {
    return read(file.toString(), readFile(file));
  }

  /**
   * Reads a protocol from YAML text; {@code sourceName} is the file name used in problem reports.
   * Warnings are not reported here: use {@link #check(String, String, LocalDate)} to see them.
   *
   * @throws InvalidProtocolException listing every error found
   */
  public static Protocol read(String sourceName, String yamlText) {
    ProtocolCheck check = run(sourceName, yamlText, null);
    Protocol protocol = check.protocol();
    if (protocol == null) {
      throw new InvalidProtocolException(check.errors());
    }
    return protocol;
  }

  /**
   * Checks the protocol in {@code file} (UTF-8) as of {@code today}, which decides whether the
   * review date has passed (a warning).
   *
   * @throws UncheckedIOException if the file cannot be read
   */
  public static ProtocolCheck check(Path file, LocalDate today) {
    return check(file.toString(), readFile(file), today);
  }

  /**
   * Checks a protocol from YAML text as of {@code today}: every error and warning, with the
   * protocol when there is no error. Never throws for bad content.
   */
  public static ProtocolCheck check(String sourceName, String yamlText, LocalDate today) {
    return run(sourceName, yamlText, Objects.requireNonNull(today, "today"));
  }

  private static String readFile(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the protocol file " + file, e);
    }
  }

  private static ProtocolCheck run(String sourceName, String yamlText, @Nullable LocalDate today) {
    LocatedYaml yaml;
    try {
      yaml = LocatedYaml.parse(yamlText, "protocol");
    } catch (LocatedYaml.SyntaxError e) {
      return new ProtocolCheck(null, List.of(YamlChecker.syntaxProblem(sourceName, e, PROBLEMS)));
    }
    return new Checker(sourceName, yaml, today).check();
  }

  private static final YamlChecker.Problems<ProtocolProblem> PROBLEMS =
      (file, position, warning, message) ->
          new ProtocolProblem(
              file,
              position.line(),
              position.column(),
              warning ? ProtocolProblem.Severity.WARNING : ProtocolProblem.Severity.ERROR,
              message);

  /** The lower-case hex SHA-256 of the canonical JSON of a protocol document's JSON form. */
  static String hash(JsonNode document) {
    return Protocol.sha256(CanonicalJson.canonicalize(document));
  }

  /** One pass of checks over one document, collecting problems. */
  private static final class Checker {
    private final LocatedYaml yaml;
    private final YamlChecker<ProtocolProblem> problems;
    private final @Nullable LocalDate today;

    Checker(String file, LocatedYaml yaml, @Nullable LocalDate today) {
      this.yaml = yaml;
      this.problems = new YamlChecker<>(file, "protocol", yaml, PROBLEMS);
      this.today = today;
    }

    ProtocolCheck check() {
      problems.refuseDuplicatesAndAliases();
      JsonNode root = yaml.root();
      if (!root.isObject()) {
        reportAt("", "A protocol is a YAML mapping with keys " + String.join(", ", TOP_KEYS) + ".");
        return result(null);
      }
      keys(root, "", "the protocol", TOP_KEYS, TOP_REQUIRED);

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
      String supersedes = text(root, "", "supersedes", "the protocol");
      if (supersedes != null && !VERSION.matcher(supersedes).matches()) {
        reportAt("/supersedes", "The version in supersedes must not contain spaces.");
      } else if (supersedes != null && supersedes.equals(version)) {
        reportAt(
            "/supersedes",
            "The protocol supersedes its own version " + version + "; name the earlier version.");
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
      } else if (reviewDate != null && today != null && reviewDate.isBefore(today)) {
        warnAt(
            "/review-date",
            "The review-date "
                + reviewDate
                + " has passed (today is "
                + today
                + "); the parties should review the protocol and sign a new version.");
      }
      Period retention = period(root, "", "retention", "the protocol");
      Protocol.ConsentReview consentReview =
          choice(
              root,
              "",
              "consent-review",
              "the protocol",
              "consent-review setting",
              Protocol.ConsentReview.values(),
              Protocol.ConsentReview::wireName);
      List<Contact> contacts = contacts(root);
      String dpia = text(root, "", "dpia-reference", "the protocol");
      String notes = text(root, "", "notes", "the protocol");

      Map<OdsCode, Party> parties = parties(root);
      Map<PurposeCode, Purpose> purposes = purposes(root);
      Map<CategoryCode, DataCategory> categories = categories(root, parties);
      List<Flow> flows = flows(root, parties, purposes, categories, retention);

      if (problems.any(ProtocolProblem::isError)
          || id == null
          || version == null
          || title == null
          || validFrom == null
          || reviewDate == null) {
        return result(null);
      }
      String canonical = CanonicalJson.canonicalString(root);
      return result(
          new Protocol(
              new ProtocolRef(
                  id, version, Protocol.sha256(canonical.getBytes(StandardCharsets.UTF_8))),
              title,
              validFrom,
              reviewDate,
              supersedes,
              retention,
              contacts,
              dpia,
              notes,
              List.copyOf(parties.values()),
              List.copyOf(purposes.values()),
              List.copyOf(categories.values()),
              flows,
              consentReview == null ? Protocol.ConsentReview.CONTINUE : consentReview,
              canonical));
    }

    private ProtocolCheck result(@Nullable Protocol protocol) {
      if (protocol == null && !problems.any(ProtocolProblem::isError)) {
        reportAt("", "The protocol is incomplete.");
      }
      return new ProtocolCheck(
          protocol,
          problems.problems(
              Comparator.comparingInt(ProtocolProblem::line)
                  .thenComparingInt(ProtocolProblem::column)));
    }

    // ---- sections ------------------------------------------------------------------------------

    private List<Contact> contacts(JsonNode root) {
      List<Contact> contacts = new ArrayList<>();
      List<JsonNode> items = list(root, "", "contacts", false);
      for (int i = 0; i < items.size(); i++) {
        Contact contact = contact(items.get(i), "/contacts/" + i, "contact " + (i + 1));
        if (contact != null) {
          contacts.add(contact);
        }
      }
      return contacts;
    }

    private @Nullable Contact contact(JsonNode item, String at, String what) {
      if (!mapping(item, at, what, CONTACT_KEYS, CONTACT_REQUIRED)) {
        return null;
      }
      String name = text(item, at, "name", "the " + what);
      String email = text(item, at, "email", "the " + what);
      String role = text(item, at, "role", "the " + what);
      if (email != null && !EMAIL.matcher(email).matches()) {
        reportAt(at + "/email", "'" + email + "' is not an email address.");
        return null;
      }
      return name == null || email == null ? null : new Contact(name, email, role);
    }

    private Map<OdsCode, Party> parties(JsonNode root) {
      Map<OdsCode, Party> parties = new LinkedHashMap<>();
      Map<OdsCode, Position> firstSeen = new HashMap<>();
      Map<String, OdsCode> keyOwner = new HashMap<>();
      List<JsonNode> items = list(root, "", "parties", true);
      for (int i = 0; i < items.size(); i++) {
        String at = "/parties/" + i;
        JsonNode item = items.get(i);
        String what = "party " + (i + 1);
        if (!mapping(item, at, what, PARTY_KEYS, PARTY_REQUIRED)) {
          continue;
        }
        OdsCode ods = code(text(item, at, "ods", what), at + "/ods", CodeKind.ODS_CODE);
        String label = ods == null ? "the " + what : "the party " + ods;
        String name = text(item, at, "name", what);
        PartyKind kind =
            choice(
                item,
                at,
                "kind",
                label,
                "party kind",
                PartyKind.values(),
                ProtocolReader::wireName);
        PartyRole role =
            choice(item, at, "role", label, "party role", PartyRole.values(), PartyRole::wireName);
        Contact contact =
            item.has("contact") ? contact(item.get("contact"), at + "/contact", "contact") : null;
        List<VerifierKey> keys = new ArrayList<>();
        List<JsonNode> keyNodes = list(item, at, "signing-keys", false);
        if (keyNodes.isEmpty()
            && (item.get("signing-keys") == null || item.get("signing-keys").isArray())) {
          reportAt(
              item.has("signing-keys") ? at + "/signing-keys" : at,
              "The "
                  + (ods == null ? what : "party " + ods)
                  + " has no signing-keys: list at least one Ed25519 verifier key"
                  + " (name+hash+base64) so that it can sign the protocol.");
        }
        for (int k = 0; k < keyNodes.size(); k++) {
          String keyAt = at + "/signing-keys/" + k;
          JsonNode keyNode = keyNodes.get(k);
          if (!keyNode.isTextual()) {
            reportAt(keyAt, "A signing key is a verifier key written as name+hash+base64.");
            continue;
          }
          VerifierKey key;
          try {
            key = VerifierKey.parse(keyNode.textValue());
          } catch (IllegalArgumentException e) {
            reportAt(
                keyAt, "The signing key of " + label + " is not usable: " + e.getMessage() + ".");
            continue;
          }
          if (keys.contains(key)) {
            reportAt(
                keyAt, "The signing key " + key.name() + " is listed twice for " + label + ".");
            continue;
          }
          keys.add(key);
          if (ods != null) {
            OdsCode owner = keyOwner.putIfAbsent(key.text(), ods);
            if (owner != null && !owner.equals(ods)) {
              reportAt(
                  keyAt,
                  "The signing key "
                      + key.name()
                      + " is already the key of "
                      + owner
                      + "; each party signs with its own key.");
            }
          }
        }
        if (ods == null) {
          continue;
        }
        Position first = firstSeen.putIfAbsent(ods, yaml.valueAt(at + "/ods"));
        if (first != null) {
          reportAt(
              at + "/ods",
              "The party " + ods + " is listed twice (first at line " + first.line() + ").");
        } else if (name != null && kind != null && role != null) {
          parties.put(ods, new Party(ods, name, kind, role, keys, contact));
        }
      }
      return parties;
    }

    private <E extends Enum<E>> @Nullable E choice(
        JsonNode node,
        String at,
        String key,
        String owner,
        String what,
        E[] values,
        Function<E, String> wire) {
      String text = text(node, at, key, owner);
      if (text == null) {
        return null;
      }
      List<String> names = new ArrayList<>();
      for (E value : values) {
        if (wire.apply(value).equals(text)) {
          return value;
        }
        names.add(wire.apply(value));
      }
      reportAt(
          at + "/" + key,
          "The " + what + " '" + text + "' is not one of " + String.join(", ", names) + ".");
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
        PurposeCode code = code(text(item, at, "code", what), at + "/code", CodeKind.PURPOSE_CODE);
        String label = code == null ? what : "the purpose " + code;
        String name = code == null ? what : "purpose " + code;
        String description = text(item, at, "description", label);
        Boolean healthcare = bool(item, at, "healthcare", label);
        Boolean secondaryUse = bool(item, at, "secondary-use", label);
        LegalBasis legalBasis = legalBasis(item, at, name);
        Purpose.ExplicitConsent explicitConsent =
            choice(
                item,
                at,
                "explicit-consent",
                label,
                "explicit-consent setting",
                Purpose.ExplicitConsent.values(),
                Purpose.ExplicitConsent::wireName);
        Purpose.OptOut optOut =
            choice(
                item,
                at,
                "national-data-opt-out",
                label,
                "national-data-opt-out setting",
                Purpose.OptOut.values(),
                Purpose.OptOut::wireName);
        if (Boolean.FALSE.equals(healthcare)
            && explicitConsent == Purpose.ExplicitConsent.NOT_REQUIRED) {
          reportAt(
              at + "/explicit-consent",
              "The "
                  + name
                  + " is not healthcare, so it must require the person's explicit consent: write"
                  + " explicit-consent: required.");
        }
        if (Boolean.TRUE.equals(secondaryUse) && !item.has("national-data-opt-out")) {
          reportAt(
              at + "/secondary-use",
              "The "
                  + name
                  + " is a secondary use, so it must say whether the national data opt-out"
                  + " applies: add national-data-opt-out: applies (or does-not-apply).");
        }
        PurposeKind kind = kind(item, at, name, label, healthcare, secondaryUse);
        ConsentOverride override = consentOverride(item, at, name, kind);
        List<String> events = messageEvents(item, at, label, code, eventOwner);
        if (code == null) {
          continue;
        }
        Position first = firstSeen.putIfAbsent(code, yaml.valueAt(at + "/code"));
        if (first != null) {
          reportAt(
              at + "/code",
              "The purpose " + code + " is listed twice (first at line " + first.line() + ").");
        } else if (description != null
            && healthcare != null
            && legalBasis != null
            && explicitConsent != null
            && kind != null) {
          purposes.put(
              code,
              new Purpose(
                  code,
                  description,
                  kind,
                  healthcare,
                  Boolean.TRUE.equals(secondaryUse),
                  legalBasis,
                  explicitConsent,
                  optOut,
                  override,
                  events));
        }
      }
      return purposes;
    }

    private @Nullable LegalBasis legalBasis(JsonNode purpose, String at, String name) {
      JsonNode node = purpose.get("legal-basis");
      String basisAt = at + "/legal-basis";
      if (node == null) {
        return null;
      }
      if (!node.isObject()) {
        reportAt(
            basisAt,
            "The legal-basis of the "
                + name
                + " is a mapping: article-6 (e.g. \"6(1)(e)\"), article-9 (e.g. \"9(2)(h)\", when"
                + " health or other special category data is shared) and statutory-power (e.g."
                + " Care Act 2014 s42).");
        return null;
      }
      keys(node, basisAt, "the legal-basis of the " + name, LEGAL_BASIS_KEYS, List.of());
      String article6 = text(node, basisAt, "article-6", "the legal-basis");
      String article9 = text(node, basisAt, "article-9", "the legal-basis");
      String power = text(node, basisAt, "statutory-power", "the legal-basis");
      if (article6 != null && !ARTICLE_6.matcher(article6).matches()) {
        reportAt(
            basisAt + "/article-6",
            "'"
                + article6
                + "' is not a UK GDPR Article 6 condition; write it as 6(1)(a) to 6(1)(f), e.g."
                + " 6(1)(e).");
        article6 = null;
      }
      if (article9 != null && !ARTICLE_9.matcher(article9).matches()) {
        reportAt(
            basisAt + "/article-9",
            "'"
                + article9
                + "' is not a UK GDPR Article 9 condition; write it as 9(2)(a) to 9(2)(j), e.g."
                + " 9(2)(h).");
        article9 = null;
      }
      return new LegalBasis(article6, article9, power);
    }

    /**
     * The purpose's declared kind, checked against its settings, or the kind they imply; null when
     * the settings it depends on are missing (already reported) or the kind is wrong (reported).
     */
    private @Nullable PurposeKind kind(
        JsonNode item,
        String at,
        String name,
        String label,
        @Nullable Boolean healthcare,
        @Nullable Boolean secondaryUse) {
      boolean secondary = Boolean.TRUE.equals(secondaryUse);
      if (!item.has("kind")) {
        return healthcare == null ? null : PurposeKind.implied(healthcare, secondary);
      }
      PurposeKind declared =
          choice(
              item, at, "kind", label, "purpose kind", PurposeKind.values(), PurposeKind::wireName);
      if (declared == null || healthcare == null) {
        return null;
      }
      if (!declared.allows(healthcare, secondary)) {
        reportAt(
            at + "/kind",
            "The "
                + name
                + " is declared "
                + declared.wireName()
                + ", but it says healthcare: "
                + healthcare
                + (secondary ? " and secondary-use: true" : "")
                + ", which is a "
                + PurposeKind.implied(healthcare, secondary).wireName()
                + " purpose; "
                + switch (declared) {
                  case CARE, SAFEGUARDING ->
                      "a "
                          + declared.wireName()
                          + " purpose is healthcare and not a secondary use.";
                  case SECONDARY_USE -> "a secondary-use purpose says secondary-use: true.";
                  case NON_HEALTHCARE -> "a non-healthcare purpose says healthcare: false.";
                });
        return null;
      }
      return declared;
    }

    private @Nullable ConsentOverride consentOverride(
        JsonNode purpose, String at, String name, @Nullable PurposeKind kind) {
      JsonNode node = purpose.get("consent-override");
      String overrideAt = at + "/consent-override";
      if (node == null
          || !mapping(
              node,
              overrideAt,
              "consent-override of the " + name,
              CONSENT_OVERRIDE_KEYS,
              CONSENT_OVERRIDE_KEYS)) {
        return null;
      }
      Boolean proceed =
          bool(node, overrideAt, "may-proceed-despite-refusal", "the consent-override");
      String justification = text(node, overrideAt, "justification", "the consent-override");
      if (!Boolean.TRUE.equals(proceed) || justification == null) {
        if (Boolean.FALSE.equals(proceed)) {
          reportAt(
              overrideAt + "/may-proceed-despite-refusal",
              "A consent-override that does not proceed despite refusal means nothing; remove"
                  + " the consent-override from the "
                  + name
                  + ".");
        }
        return null;
      }
      if (kind != PurposeKind.SAFEGUARDING) {
        reportAt(
            overrideAt,
            "The "
                + name
                + " may proceed despite the person's refusal, which is allowed only for a purpose"
                + " of kind safeguarding (safeguarding an adult at risk, Care Act 2014 s42); "
                + (kind == null
                    ? "its kind is not known."
                    : (purpose.has("kind") ? "it is declared " : "it is of kind ")
                        + kind.wireName()
                        + ". A safeguarding purpose says so with kind: safeguarding."));
        return null;
      }
      return new ConsentOverride(justification);
    }

    private List<String> messageEvents(
        JsonNode item,
        String at,
        String label,
        @Nullable PurposeCode code,
        Map<String, PurposeCode> eventOwner) {
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
      return events;
    }

    private Map<CategoryCode, DataCategory> categories(JsonNode root, Map<OdsCode, Party> parties) {
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
        CategoryCode code =
            code(text(item, at, "code", what), at + "/code", CodeKind.CATEGORY_CODE);
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
        boolean shared = false;
        boolean responsibleKnown = true;
        Set<OdsCode> responsible = new LinkedHashSet<>();
        JsonNode responsibleNode = item.get("responsible");
        if (responsibleNode != null) {
          if (responsibleNode.isTextual() && responsibleNode.textValue().equals("shared")) {
            shared = true;
          } else if (!responsibleNode.isArray() || responsibleNode.isEmpty()) {
            reportAt(
                at + "/responsible",
                "The responsible of "
                    + label
                    + " is either the word shared or a list of the ODS codes of the parties whose"
                    + " data it is.");
          } else {
            for (int r = 0; r < responsibleNode.size(); r++) {
              OdsCode party =
                  knownParty(
                      responsibleNode.get(r),
                      at + "/responsible/" + r,
                      parties,
                      "The "
                          + (code == null ? what : "category " + code)
                          + " names party '%s' as responsible");
              if (party == null) {
                responsibleKnown = false;
              }
              if (party != null && !responsible.add(party)) {
                reportAt(at + "/responsible/" + r, "The party " + party + " is listed twice.");
              }
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
              "The category " + code + " is listed twice (first at line " + first.line() + ").");
        } else if (description != null && responsibleKnown) {
          // A category whose responsible list has a problem is left out, so flows carrying it
          // are not also blamed for who is responsible.
          categories.put(
              code, new DataCategory(code, description, fhir, local, responsible, shared));
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
        Map<CategoryCode, DataCategory> categories,
        @Nullable Period defaultRetention) {
      List<Flow> flows = new ArrayList<>();
      Map<String, Position> firstSeen = new HashMap<>();
      Map<String, Flow> firstFlow = new HashMap<>();
      List<JsonNode> items = list(root, "", "flows", false);
      for (int i = 0; i < items.size(); i++) {
        String at = "/flows/" + i;
        JsonNode item = items.get(i);
        String what = "flow " + (i + 1);
        if (!mapping(item, at, what, FLOW_KEYS, FLOW_REQUIRED)) {
          continue;
        }
        OdsCode from =
            knownParty(
                item.get("from"), at + "/from", parties, "The flow names party '%s' in 'from'");
        OdsCode to =
            knownParty(item.get("to"), at + "/to", parties, "The flow names party '%s' in 'to'");
        if (from != null && from.equals(to)) {
          reportAt(at + "/to", "The flow goes from " + from + " to itself.");
        }
        PurposeCode purpose =
            code(text(item, at, "purpose", "the " + what), at + "/purpose", CodeKind.PURPOSE_CODE);
        if (purpose != null
            && !purposes.containsKey(purpose)
            && !declared(root, "purposes", purpose.value())) {
          reportAt(
              at + "/purpose",
              "The flow names purpose '" + purpose + "' but no purpose has that code.");
          purpose = null;
        }
        Purpose agreed = purpose == null ? null : purposes.get(purpose);
        if (agreed != null && !agreed.legalBasis().hasArticle6()) {
          reportAt(
              at + "/purpose",
              "The flow is for purpose "
                  + purpose
                  + ", which has no legal basis: give the purpose's legal-basis an article-6"
                  + " condition.");
        }
        Set<CategoryCode> flowCategories = new LinkedHashSet<>();
        List<JsonNode> categoryNodes = list(item, at, "categories", true);
        for (int c = 0; c < categoryNodes.size(); c++) {
          String categoryAt = at + "/categories/" + c;
          JsonNode node = categoryNodes.get(c);
          CategoryCode category =
              code(
                  node.isTextual() ? node.textValue() : node.toString(),
                  categoryAt,
                  CodeKind.CATEGORY_CODE);
          if (category == null) {
            continue;
          }
          DataCategory defined = categories.get(category);
          if (defined == null && !declared(root, "categories", category.value())) {
            reportAt(
                categoryAt,
                "The flow names category '" + category + "' but no category has that code.");
          } else if (!flowCategories.add(category)) {
            reportAt(categoryAt, "The category " + category + " is listed twice in this flow.");
          } else if (defined != null && from != null) {
            responsibility(from, defined, categoryAt);
          }
        }
        Period retention = period(item, at, "retention", "the " + what);
        if (retention == null
            && defaultRetention == null
            && !item.has("retention")
            && !root.has("retention")) {
          reportAt(
              at,
              "The flow says nothing about retention and the protocol gives no default: add"
                  + " retention (an ISO-8601 period such as P8Y) to the flow or to the protocol.");
        }
        List<String> conditions = new ArrayList<>();
        List<JsonNode> conditionNodes = list(item, at, "conditions", false);
        for (int c = 0; c < conditionNodes.size(); c++) {
          JsonNode node = conditionNodes.get(c);
          String conditionAt = at + "/conditions/" + c;
          if (!node.isTextual() || !KEBAB.matcher(node.textValue()).matches()) {
            reportAt(
                conditionAt,
                "A condition is a code of lower-case words joined by hyphens, e.g."
                    + " active-episode-of-care.");
          } else if (conditions.contains(node.textValue())) {
            reportAt(conditionAt, "The condition " + node.textValue() + " is listed twice.");
          } else {
            conditions.add(node.textValue());
          }
        }
        if (from == null || to == null || purpose == null || flowCategories.isEmpty()) {
          continue;
        }
        Flow flow = new Flow(from, to, purpose, flowCategories, retention, conditions);
        String key = from + " " + to + " " + purpose;
        Position first = firstSeen.putIfAbsent(key, yaml.valueAt(at));
        if (first == null) {
          firstFlow.put(key, flow);
          flows.add(flow);
          continue;
        }
        Flow earlier = firstFlow.get(key);
        String route = "from " + from + " to " + to + " for purpose " + purpose;
        if (flow.equals(earlier)) {
          reportAt(
              at,
              "There is already a flow "
                  + route
                  + " (at line "
                  + first.line()
                  + "); this one repeats it: remove one.");
        } else {
          reportAt(
              at,
              "The flow "
                  + route
                  + " contradicts the one at line "
                  + first.line()
                  + " (they differ in "
                  + differences(Objects.requireNonNull(earlier), flow)
                  + "); there is one flow per sender, recipient and purpose: merge them.");
        }
      }
      return flows;
    }

    private static String differences(Flow a, Flow b) {
      List<String> differ = new ArrayList<>();
      if (!a.categories().equals(b.categories())) {
        differ.add("categories");
      }
      if (!Objects.equals(a.retention(), b.retention())) {
        differ.add("retention");
      }
      if (!a.conditions().equals(b.conditions())) {
        differ.add("conditions");
      }
      return String.join(" and ", differ);
    }

    /** A sender must be responsible for what it shares, unless the category is shared. */
    private void responsibility(OdsCode from, DataCategory category, String at) {
      if (category.isResponsible(from)) {
        return;
      }
      if (category.responsible().isEmpty()) {
        reportAt(
            at,
            "The flow has "
                + from
                + " share "
                + category.code()
                + ", but "
                + from
                + " is not responsible for it, the category is not shared and no party is"
                + " responsible for it: name the responsible parties under the category's"
                + " 'responsible', or write 'responsible: shared'.");
      } else {
        warnAt(
            at,
            "The flow has "
                + from
                + " share "
                + category.code()
                + ", for which only "
                + String.join(
                    ", ",
                    new TreeSet<>(category.responsible()).stream().map(OdsCode::value).toList())
                + " is responsible; check that "
                + from
                + " may pass that data on.");
      }
    }

    private @Nullable OdsCode knownParty(
        @Nullable JsonNode node, String at, Map<OdsCode, Party> parties, String unknownFormat) {
      if (node == null) {
        return null;
      }
      OdsCode ods =
          code(node.isTextual() ? node.textValue() : node.toString(), at, CodeKind.ODS_CODE);
      if (ods != null
          && !parties.containsKey(ods)
          && !declared(yaml.root(), "parties", "ods", ods.value())) {
        reportAt(
            at,
            String.format(Locale.ROOT, unknownFormat, ods) + " but no party has that ODS code.");
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
      problems.unknownKeys(node, at, what, allowed);
      for (String key : required) {
        if (!node.has(key)) {
          reportAt(at, "The required key '" + key + "' is missing from " + what + ".");
        }
      }
    }

    /** An optional non-blank text field; a missing required key was reported by {@link #keys}. */
    private @Nullable String text(JsonNode node, String at, String key, String what) {
      JsonNode value = node.get(key);
      if (value == null) {
        return null;
      }
      if (!value.isTextual()) {
        reportAt(at + "/" + key, "The " + key + " of " + what + " must be text.");
        return null;
      }
      if (value.textValue().isBlank()) {
        reportAt(at + "/" + key, "The " + key + " of " + what + " is empty.");
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

    private @Nullable Period period(JsonNode node, String at, String key, String what) {
      String text = text(node, at, key, what);
      if (text == null) {
        return null;
      }
      try {
        Period period = Period.parse(text);
        if (!period.isNegative() && !period.isZero()) {
          return period;
        }
      } catch (DateTimeParseException e) {
        // reported below
      }
      reportAt(
          at + "/" + key,
          "The "
              + key
              + " '"
              + text
              + "' of "
              + what
              + " is not a positive ISO-8601 period such as P8Y (8 years) or P6M (6 months).");
      return null;
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

    /** One parser for ODS, purpose and category codes: checks the format, reports, or makes it. */
    private <T> @Nullable T code(@Nullable String text, String at, CodeKind<T> kind) {
      if (text == null) {
        return null;
      }
      if (!kind.format().matcher(text).matches()) {
        reportAt(at, "'" + text + "' is not a valid " + kind.rule());
        return null;
      }
      return kind.make().apply(text);
    }

    private void reportAt(String pointer, String message) {
      problems.reportAt(pointer, message);
    }

    private void warnAt(String pointer, String message) {
      problems.warnAt(pointer, message);
    }

    private void reportKey(String pointer, String message) {
      problems.reportKey(pointer, message);
    }

    private void report(Position position, String message) {
      problems.report(position, message);
    }
  }

  /** How a kind of code is written, what to say when it is not, and how to make one. */
  private record CodeKind<T>(Pattern format, String rule, Function<String, T> make) {
    static final CodeKind<OdsCode> ODS_CODE =
        new CodeKind<>(
            ODS, "ODS code: 3 to 10 upper-case letters or digits, e.g. RXA.", OdsCode::new);
    static final CodeKind<PurposeCode> PURPOSE_CODE =
        new CodeKind<>(
            KEBAB,
            "purpose code: use lower-case words joined by hyphens, e.g. hospital-discharge.",
            PurposeCode::new);
    static final CodeKind<CategoryCode> CATEGORY_CODE =
        new CodeKind<>(
            KEBAB,
            "category code: use lower-case words joined by hyphens, e.g. demographics.",
            CategoryCode::new);
  }

  /** The kebab-case name of a party kind as written in protocol files. */
  static String wireName(PartyKind kind) {
    return kind.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
