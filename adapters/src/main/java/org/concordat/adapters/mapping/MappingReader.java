package org.concordat.adapters.mapping;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.context.RuntimeResourceDefinition;
import ca.uhn.fhir.context.support.IValidationSupport;
import ca.uhn.fhir.fhirpath.IFhirPath;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.format.DateTimeFormatter;
import java.time.format.ResolverStyle;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.concordat.adapters.mapping.ElementPath.PathException;
import org.concordat.adapters.mapping.ElementPath.Syntax;
import org.concordat.adapters.mapping.Field.NameFormat;
import org.concordat.adapters.mapping.Field.ValueType;
import org.concordat.protocols.yaml.LocatedYaml;
import org.concordat.protocols.yaml.LocatedYaml.Position;
import org.concordat.protocols.yaml.YamlChecker;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.jspecify.annotations.Nullable;

/**
 * Checks a mapping file and builds its {@link Mapping}, collecting every problem with its place.
 * The key lists are package-visible so a test can check that the JSON Schema names exactly them.
 */
final class MappingReader {
  static final List<String> TOP_KEYS =
      List.of(
          "id",
          "version",
          "title",
          "description",
          "format",
          "resources",
          "fields",
          "codes",
          "limits");
  static final List<String> TOP_REQUIRED = List.of("id", "version", "title", "format", "fields");
  static final List<String> FORMAT_KEYS =
      List.of("type", "header", "delimiter", "records", "records-at", "root", "record");
  static final List<String> FORMAT_REQUIRED = List.of("type");
  static final List<String> RESOURCE_KEYS =
      List.of("type", "profile", "select", "fixed", "references");
  static final List<String> RESOURCE_REQUIRED = List.of();
  static final List<String> FIELD_KEYS =
      List.of(
          "name",
          "description",
          "at",
          "fhir",
          "in",
          "out",
          "type",
          "format",
          "codes",
          "required",
          "separator",
          "max-length",
          "pattern");
  static final List<String> FIELD_REQUIRED = List.of("name");
  static final List<String> TABLE_KEYS =
      List.of("description", "system", "local-system", "unmapped", "ignore-case", "map");
  static final List<String> TABLE_REQUIRED = List.of("unmapped", "map");
  static final List<String> ENTRY_KEYS = List.of("local", "system", "code", "display", "also");
  static final List<String> ENTRY_REQUIRED = List.of("local", "code");
  static final List<String> ALSO_KEYS = List.of("system", "code", "display");
  static final List<String> ALSO_REQUIRED = List.of("system", "code");
  static final List<String> UNMAPPED_DEFAULT_KEYS = List.of("default");
  static final List<String> LIMITS_KEYS = List.of("max-bytes", "max-records", "max-value-chars");
  static final List<String> FORMAT_TYPES = List.of("csv", "json", "xml");
  static final List<String> VALUE_TYPES =
      List.of("string", "nhs-number", "date", "date-time", "name");

  private static final Pattern KEBAB = Pattern.compile("[a-z0-9]+(-[a-z0-9]+)*");
  private static final Pattern RESOURCE_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9]*");
  private static final Pattern FIELD_NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]*");
  private static final Pattern URI = Pattern.compile("(https?|urn):\\S+");
  private static final Pattern XML_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");
  private static final Pattern POINTER = Pattern.compile("(/([^/~]|~[01])*)+");
  private static final Pattern DOTTED = Pattern.compile("[A-Za-z0-9_$-]+(\\.[A-Za-z0-9_$-]+)*");

  /** The FHIR R4 definitions paths are checked against; the cached context is shared. */
  private static final FhirContext R4 = FhirContext.forR4Cached();

  /**
   * Parses FHIRPath only. HAPI's engine loads every R4 structure definition when it is built (five
   * seconds and more), which evaluating needs but parsing never consults; so this engine is built
   * on a context of its own whose validation support holds none, and reading or validating a
   * mapping costs no more than the YAML.
   */
  private static final IFhirPath FHIR_PATH = parseOnlyFhirPath();

  private static IFhirPath parseOnlyFhirPath() {
    FhirContext context = FhirContext.forR4();
    context.setValidationSupport(
        new IValidationSupport() {
          @Override
          public FhirContext getFhirContext() {
            return context;
          }

          @Override
          public <T extends IBaseResource> List<T> fetchAllStructureDefinitions() {
            return List.of();
          }
        });
    return context.newFhirPath();
  }

  private MappingReader() {}

  static Mapping read(String sourceName, String yamlText) {
    LocatedYaml yaml;
    try {
      yaml = LocatedYaml.parse(yamlText, "mapping");
    } catch (LocatedYaml.SyntaxError e) {
      throw new InvalidMappingException(
          List.of(YamlChecker.syntaxProblem(sourceName, e, PROBLEMS)));
    }
    Checker checker = new Checker(sourceName, yaml);
    Mapping mapping = checker.check();
    if (mapping == null || !checker.problems.isEmpty()) {
      if (checker.problems.isEmpty()) {
        checker.reportAt("", "The mapping is incomplete.");
      }
      throw new InvalidMappingException(
          checker.problems.problems(
              Comparator.comparingInt(MappingFileProblem::line)
                  .thenComparingInt(MappingFileProblem::column)));
    }
    return mapping;
  }

  /** A mapping file has errors only; a YAML checker's problem becomes one. */
  private static final YamlChecker.Problems<MappingFileProblem> PROBLEMS =
      (file, position, warning, message) ->
          new MappingFileProblem(file, position.line(), position.column(), message);

  /** Parses a FHIRPath expression, or says why it cannot be. */
  static IFhirPath.IParsedExpression fhirPath(String expression) throws PathException {
    try {
      synchronized (FHIR_PATH) {
        return FHIR_PATH.parse(expression);
      }
    } catch (Exception e) {
      String message = e.getMessage() == null ? "" : e.getMessage();
      throw new PathException(
          "The FHIRPath '"
              + expression
              + "' cannot be parsed: "
              + message.replaceAll("^HAPI-\\d+: ", ""));
    }
  }

  /** One pass over one document. */
  private static final class Checker {
    private final String file;
    private final LocatedYaml yaml;
    final YamlChecker<MappingFileProblem> problems;
    private final Map<String, CodeTable> tables = new LinkedHashMap<>();
    private final Map<String, ResourceSpec> resources = new LinkedHashMap<>();
    private final Set<String> tablesUsed = new HashSet<>();
    private @Nullable LocalFormat format;

    Checker(String file, LocatedYaml yaml) {
      this.file = file;
      this.yaml = yaml;
      this.problems = new YamlChecker<>(file, "mapping", yaml, PROBLEMS);
    }

    @Nullable Mapping check() {
      problems.refuseDuplicatesAndAliases();
      JsonNode root = yaml.root();
      if (!root.isObject()) {
        reportAt("", "A mapping is a YAML mapping with keys " + String.join(", ", TOP_KEYS) + ".");
        return null;
      }
      keys(root, "", "the mapping", TOP_KEYS, TOP_REQUIRED);
      String id = text(root, "", "id");
      if (id != null && !KEBAB.matcher(id).matches()) {
        reportAt(
            "/id",
            "The mapping id '"
                + id
                + "' must be lower-case words joined by hyphens, e.g. voluntary-referral-form.");
      }
      String version = text(root, "", "version");
      if (version != null
          && (version.isBlank() || version.chars().anyMatch(Character::isWhitespace))) {
        reportAt("/version", "The mapping version must not be empty or contain spaces.");
      }
      String title = text(root, "", "title");
      text(root, "", "description");
      format = format(root.get("format"));
      MappingLimits limits = limits(root.get("limits"));
      codeTables(root.get("codes"));
      declaredResources(root.get("resources"));
      List<Field> fields = fields(root.get("fields"));
      for (String table : tables.keySet()) {
        if (!tablesUsed.contains(table)) {
          reportKey(
              "/codes/" + table,
              "The code table '" + table + "' is not used by any field; remove it or use it.");
        }
      }
      if (id == null || version == null || title == null || format == null || !problems.isEmpty()) {
        return null;
      }
      if (fields.isEmpty()) {
        reportAt("/fields", "A mapping has at least one field.");
        return null;
      }
      return new Mapping(id, version, title, file, format, resources, fields, limits);
    }

    // ---- format ------------------------------------------------------------------------------

    private @Nullable LocalFormat format(@Nullable JsonNode node) {
      if (node == null) {
        return null;
      }
      if (!mapping(node, "/format", "the format", FORMAT_KEYS, FORMAT_REQUIRED)) {
        return null;
      }
      String type = choice(node, "/format", "type", "format type", FORMAT_TYPES);
      if (type == null) {
        return null;
      }
      LocalFormat.Kind kind = LocalFormat.Kind.valueOf(type.toUpperCase(Locale.ROOT));
      for (String key : List.of("header", "delimiter")) {
        if (node.has(key) && kind != LocalFormat.Kind.CSV) {
          reportKey("/format/" + key, "The format key '" + key + "' applies to csv only.");
        }
      }
      for (String key : List.of("records")) {
        if (node.has(key) && kind == LocalFormat.Kind.CSV) {
          reportKey("/format/" + key, "The format key '" + key + "' applies to json and xml only.");
        }
      }
      if (node.has("records-at") && kind != LocalFormat.Kind.JSON) {
        reportKey("/format/records-at", "The format key 'records-at' applies to json only.");
      }
      for (String key : List.of("root", "record")) {
        if (node.has(key) && kind != LocalFormat.Kind.XML) {
          reportKey("/format/" + key, "The format key '" + key + "' applies to xml only.");
        }
      }
      Boolean header = bool(node, "/format", "header");
      String delimiter = text(node, "/format", "delimiter");
      char delimiterChar = ',';
      if (delimiter != null) {
        if (delimiter.length() != 1 || "\"\r\n".contains(delimiter)) {
          reportAt(
              "/format/delimiter",
              "The delimiter is one character other than a double quote or a line break,"
                  + " e.g. ',' or ';'.");
        } else {
          delimiterChar = delimiter.charAt(0);
        }
      }
      String records =
          node.has("records")
              ? choice(node, "/format", "records", "records setting", List.of("single", "many"))
              : null;
      boolean many = kind == LocalFormat.Kind.CSV || "many".equals(records);
      String recordsAt = text(node, "/format", "records-at");
      if (recordsAt != null) {
        if (!many) {
          reportKey("/format/records-at", "records-at needs 'records: many'.");
        } else if (!recordsAt.isEmpty() && !POINTER.matcher(recordsAt).matches()) {
          reportAt(
              "/format/records-at",
              "records-at is a JSON Pointer such as /referrals (or empty for a top-level array).");
        }
      }
      String root = xmlName(node, "/format", "root");
      String record = xmlName(node, "/format", "record");
      if (kind == LocalFormat.Kind.XML) {
        if (root == null && !node.has("root")) {
          reportAt("/format", "An xml format names its document element: root: <name>.");
        }
        if (many && record == null && !node.has("record")) {
          reportAt("/format", "An xml format with records: many names its record element.");
        }
        if (!many && node.has("record")) {
          reportKey(
              "/format/record", "record needs 'records: many'; otherwise the root is the record.");
        }
      }
      return new LocalFormat(
          kind,
          header == null || header,
          delimiterChar,
          many,
          recordsAt == null ? "" : recordsAt,
          root,
          record);
    }

    private @Nullable String xmlName(JsonNode node, String at, String key) {
      String name = text(node, at, key);
      if (name != null && !XML_NAME.matcher(name).matches()) {
        reportAt(at + "/" + key, "'" + name + "' is not an XML element name.");
        return null;
      }
      return name;
    }

    private @Nullable MappingLimits limits(@Nullable JsonNode node) {
      if (node == null || !mapping(node, "/limits", "limits", LIMITS_KEYS, List.of())) {
        return null;
      }
      MappingLimits max =
          new MappingLimits(Integer.MAX_VALUE, Integer.MAX_VALUE, Integer.MAX_VALUE);
      Integer bytes = positive(node, "/limits", "max-bytes");
      Integer records = positive(node, "/limits", "max-records");
      Integer chars = positive(node, "/limits", "max-value-chars");
      return new MappingLimits(
          bytes == null ? max.maxBytes() : bytes,
          records == null ? max.maxRecords() : records,
          chars == null ? max.maxValueChars() : chars);
    }

    // ---- code tables ---------------------------------------------------------------------------

    private void codeTables(@Nullable JsonNode node) {
      if (node == null) {
        return;
      }
      if (!node.isObject()) {
        reportAt("/codes", "codes is a mapping from table names to code tables.");
        return;
      }
      Iterator<Map.Entry<String, JsonNode>> members = node.fields();
      while (members.hasNext()) {
        Map.Entry<String, JsonNode> member = members.next();
        String name = member.getKey();
        String at = LocatedYaml.child("/codes", name);
        if (!KEBAB.matcher(name).matches()) {
          reportKey(
              at, "The code table name '" + name + "' must be lower-case words joined by hyphens.");
          continue;
        }
        CodeTable table = codeTable(name, member.getValue(), at);
        if (table != null) {
          tables.put(name, table);
        }
      }
    }

    private @Nullable CodeTable codeTable(String name, JsonNode node, String at) {
      String what = "the code table '" + name + "'";
      if (!mapping(node, at, what, TABLE_KEYS, TABLE_REQUIRED)) {
        return null;
      }
      text(node, at, "description");
      String system = uri(node, at, "system");
      String localSystem = uri(node, at, "local-system");
      Boolean ignoreCase = bool(node, at, "ignore-case");
      CodeTable.Unmapped unmapped = null;
      String defaultLocal = null;
      JsonNode rule = node.get("unmapped");
      if (rule != null && rule.isTextual()) {
        switch (rule.textValue()) {
          case "fail" -> unmapped = CodeTable.Unmapped.FAIL;
          case "pass-through" -> unmapped = CodeTable.Unmapped.PASS_THROUGH;
          default ->
              reportAt(
                  at + "/unmapped",
                  "The unmapped rule of "
                      + what
                      + " is 'fail', 'pass-through' or 'default: <local code>', not '"
                      + rule.textValue()
                      + "'.");
        }
      } else if (rule != null
          && mapping(
              rule,
              at + "/unmapped",
              "the unmapped rule",
              UNMAPPED_DEFAULT_KEYS,
              UNMAPPED_DEFAULT_KEYS)) {
        defaultLocal = text(rule, at + "/unmapped", "default");
        unmapped = defaultLocal == null ? null : CodeTable.Unmapped.DEFAULT;
      } else if (rule != null) {
        reportAt(
            at + "/unmapped",
            "The unmapped rule of "
                + what
                + " is 'fail', 'pass-through' or 'default: <local code>'.");
      }
      List<CodeTable.Entry> entries = new ArrayList<>();
      Map<String, Position> seen = new HashMap<>();
      JsonNode map = node.get("map");
      if (map != null && (!map.isArray() || map.isEmpty())) {
        reportAt(at + "/map", "The map of " + what + " is a list of at least one entry.");
      } else if (map != null) {
        for (int i = 0; i < map.size(); i++) {
          String entryAt = at + "/map/" + i;
          JsonNode item = map.get(i);
          if (!mapping(
              item, entryAt, "entry " + (i + 1) + " of " + what, ENTRY_KEYS, ENTRY_REQUIRED)) {
            continue;
          }
          String local = text(item, entryAt, "local");
          String code = text(item, entryAt, "code");
          String entrySystem = uri(item, entryAt, "system");
          String display = text(item, entryAt, "display");
          if (local == null || code == null) {
            continue;
          }
          if (local.isBlank() || code.isBlank()) {
            reportAt(entryAt, "A code table entry's local code and code are not empty.");
            continue;
          }
          String key = Boolean.TRUE.equals(ignoreCase) ? local.toLowerCase(Locale.ROOT) : local;
          if (seen.putIfAbsent(key, yaml.valueAt(entryAt + "/local")) != null) {
            reportAt(
                entryAt + "/local",
                "The local code '" + local + "' is listed twice in " + what + "; list it once.");
            continue;
          }
          entries.add(
              new CodeTable.Entry(
                  local,
                  entrySystem != null ? entrySystem : system,
                  code,
                  display,
                  furtherCodings(item.get("also"), entryAt + "/also")));
        }
      }
      if (defaultLocal != null
          && !seen.containsKey(
              Boolean.TRUE.equals(ignoreCase)
                  ? defaultLocal.toLowerCase(Locale.ROOT)
                  : defaultLocal)
          && !entries.isEmpty()) {
        reportAt(
            at + "/unmapped/default",
            "The default '" + defaultLocal + "' is not a local code listed in " + what + ".");
        return null;
      }
      if (unmapped == null || entries.isEmpty()) {
        return null;
      }
      return new CodeTable(
          name, unmapped, defaultLocal, localSystem, Boolean.TRUE.equals(ignoreCase), entries);
    }

    /** An entry's {@code also}: further codings of its concept, each with a system and a code. */
    private List<CodeTable.Also> furtherCodings(@Nullable JsonNode node, String at) {
      if (node == null) {
        return List.of();
      }
      if (!node.isArray() || node.isEmpty()) {
        reportAt(at, "also is a list of at least one coding (system, code, display).");
        return List.of();
      }
      List<CodeTable.Also> also = new ArrayList<>();
      for (int i = 0; i < node.size(); i++) {
        String codingAt = at + "/" + i;
        JsonNode item = node.get(i);
        if (!mapping(item, codingAt, "coding " + (i + 1) + " of also", ALSO_KEYS, ALSO_REQUIRED)) {
          continue;
        }
        String system = uri(item, codingAt, "system");
        String code = text(item, codingAt, "code");
        String display = text(item, codingAt, "display");
        if (system == null || code == null) {
          continue;
        }
        if (code.isBlank()) {
          reportAt(codingAt + "/code", "A further coding's code is not empty.");
          continue;
        }
        also.add(new CodeTable.Also(system, code, display));
      }
      return also;
    }

    // ---- resources -----------------------------------------------------------------------------

    private void declaredResources(@Nullable JsonNode node) {
      if (node == null) {
        return;
      }
      if (!node.isObject()) {
        reportAt("/resources", "resources is a mapping from resource names to their settings.");
        return;
      }
      // Links are read once every resource is known, since a link may name a later resource.
      List<PendingLinks> references = new ArrayList<>();
      Iterator<Map.Entry<String, JsonNode>> members = node.fields();
      while (members.hasNext()) {
        Map.Entry<String, JsonNode> member = members.next();
        String name = member.getKey();
        String at = LocatedYaml.child("/resources", name);
        JsonNode spec =
            member.getValue().isNull()
                ? com.fasterxml.jackson.databind.node.JsonNodeFactory.instance.objectNode()
                : member.getValue();
        if (!RESOURCE_NAME.matcher(name).matches()) {
          reportKey(
              at,
              "The resource name '" + name + "' is letters and digits, starting with a letter.");
          continue;
        }
        if (!mapping(spec, at, "the resource " + name, RESOURCE_KEYS, RESOURCE_REQUIRED)) {
          continue;
        }
        String type = spec.has("type") ? text(spec, at, "type") : name;
        if (type == null) {
          continue;
        }
        RuntimeResourceDefinition definition = resourceType(type);
        if (definition == null) {
          reportAt(
              spec.has("type") ? at + "/type" : at,
              spec.has("type")
                  ? "'" + type + "' is not a FHIR R4 resource type."
                  : "'"
                      + name
                      + "' is not a FHIR R4 resource type; give the resource a type: key.");
          continue;
        }
        List<String> profiles = profiles(spec.get("profile"), at + "/profile");
        IFhirPath.IParsedExpression select = null;
        String selectText = text(spec, at, "select");
        if (selectText != null) {
          try {
            select = fhirPath(selectText);
          } catch (PathException e) {
            reportAt(at + "/select", e.getMessage());
          }
        }
        List<ResourceSpec.FixedValue> fixed = fixed(spec.get("fixed"), at + "/fixed", type);
        int ordinal = (int) resources.values().stream().filter(r -> r.type().equals(type)).count();
        ResourceSpec resource =
            new ResourceSpec(name, type, definition, profiles, ordinal, select, fixed, List.of());
        resources.put(name, resource);
        JsonNode links = spec.get("references");
        if (links != null) {
          references.add(new PendingLinks(resource, links));
        }
      }
      for (PendingLinks pending : references) {
        ResourceSpec resource = pending.resource();
        String at = LocatedYaml.child("/resources", resource.name()) + "/references";
        List<ResourceSpec.Link> links = links(pending.links(), at, resource.type());
        resources.put(
            resource.name(),
            new ResourceSpec(
                resource.name(),
                resource.type(),
                resource.definition(),
                resource.profiles(),
                resource.ordinal(),
                resource.select(),
                resource.fixed(),
                links));
      }
    }

    /** A resource whose {@code references} are read after all resources. */
    private record PendingLinks(ResourceSpec resource, JsonNode links) {}

    private @Nullable RuntimeResourceDefinition resourceType(String type) {
      if (!R4.getResourceTypes().contains(type)) {
        return null;
      }
      return R4.getResourceDefinition(type);
    }

    private List<String> profiles(@Nullable JsonNode node, String at) {
      if (node == null) {
        return List.of();
      }
      List<String> profiles = new ArrayList<>();
      List<JsonNode> items = new ArrayList<>();
      if (node.isArray()) {
        node.forEach(items::add);
      } else {
        items.add(node);
      }
      for (JsonNode item : items) {
        if (!item.isTextual() || !URI.matcher(item.textValue()).matches()) {
          reportAt(
              at, "A profile is the canonical URL of a StructureDefinition (or a list of them).");
          return List.of();
        }
        profiles.add(item.textValue());
      }
      return profiles;
    }

    private List<ResourceSpec.FixedValue> fixed(@Nullable JsonNode node, String at, String type) {
      List<ResourceSpec.FixedValue> fixed = new ArrayList<>();
      if (node == null) {
        return fixed;
      }
      if (!node.isObject()) {
        reportAt(at, "fixed is a mapping from element paths (within the resource) to values.");
        return fixed;
      }
      Iterator<Map.Entry<String, JsonNode>> members = node.fields();
      while (members.hasNext()) {
        Map.Entry<String, JsonNode> member = members.next();
        String memberAt = LocatedYaml.child(at, member.getKey());
        JsonNode value = member.getValue();
        if (!value.isTextual() && !value.isBoolean()) {
          reportAt(memberAt, "A fixed value is a single value such as active or \"true\".");
          continue;
        }
        ElementPath path = relativePath(member.getKey(), memberAt, type, true);
        if (path == null) {
          continue;
        }
        if (path.target() != ElementPath.Target.PRIMITIVE) {
          reportKey(
              memberAt,
              "The fixed path "
                  + member.getKey()
                  + " ends at a "
                  + path.targetType()
                  + "; fixed values go into single values such as a code or a string.");
          continue;
        }
        String text = value.asText();
        if (!validPrimitive(path, text)) {
          reportAt(
              memberAt,
              "'"
                  + text
                  + "' is not a valid "
                  + path.targetType()
                  + " for "
                  + type
                  + "."
                  + member.getKey()
                  + ".");
          continue;
        }
        fixed.add(new ResourceSpec.FixedValue(path, text));
      }
      return fixed;
    }

    private List<ResourceSpec.Link> links(JsonNode node, String at, String type) {
      List<ResourceSpec.Link> links = new ArrayList<>();
      if (!node.isObject()) {
        reportAt(
            at,
            "references is a mapping from element paths (within the resource) to resource names.");
        return links;
      }
      Iterator<Map.Entry<String, JsonNode>> members = node.fields();
      while (members.hasNext()) {
        Map.Entry<String, JsonNode> member = members.next();
        String memberAt = LocatedYaml.child(at, member.getKey());
        ElementPath path = relativePath(member.getKey(), memberAt, type, true);
        if (path == null) {
          continue;
        }
        if (path.target() != ElementPath.Target.REFERENCE) {
          reportKey(memberAt, "The path " + member.getKey() + " is not a Reference.");
          continue;
        }
        JsonNode target = member.getValue();
        if (!target.isTextual() || !resources.containsKey(target.textValue())) {
          reportAt(
              memberAt,
              "A reference names another resource of this mapping ("
                  + String.join(", ", resources.keySet())
                  + ").");
          continue;
        }
        links.add(new ResourceSpec.Link(path, target.textValue()));
      }
      return links;
    }

    private @Nullable ElementPath relativePath(String text, String at, String type, boolean atKey) {
      try {
        return ElementPath.resolve(R4, type + "." + text, type, ElementPath.parse(text));
      } catch (PathException e) {
        if (atKey) {
          reportKey(at, e.getMessage());
        } else {
          reportAt(at, e.getMessage());
        }
        return null;
      }
    }

    private static boolean validPrimitive(ElementPath path, String text) {
      return path.accepts(text);
    }

    // ---- fields --------------------------------------------------------------------------------

    private List<Field> fields(@Nullable JsonNode node) {
      List<Field> fields = new ArrayList<>();
      if (node == null) {
        return fields;
      }
      if (!node.isArray()) {
        reportAt("/fields", "fields is a list of fields.");
        return fields;
      }
      Map<String, Position> names = new HashMap<>();
      Map<String, Position> places = new HashMap<>();
      for (int i = 0; i < node.size(); i++) {
        String at = "/fields/" + i;
        Field field = field(node.get(i), at, i + 1);
        if (field == null) {
          continue;
        }
        if (names.putIfAbsent(field.name(), yaml.valueAt(at + "/name")) != null) {
          reportAt(at + "/name", "The field name '" + field.name() + "' is used twice.");
          continue;
        }
        if (places.putIfAbsent(field.at(), yaml.valueAt(at)) != null) {
          reportAt(
              node.get(i).has("at") ? at + "/at" : at + "/name",
              "Two fields are at '"
                  + field.at()
                  + "'; each place in the local format holds one field.");
          continue;
        }
        fields.add(field);
      }
      return fields;
    }

    private @Nullable Field field(JsonNode node, String at, int number) {
      if (!mapping(node, at, "field " + number, FIELD_KEYS, FIELD_REQUIRED)) {
        return null;
      }
      String name = text(node, at, "name");
      if (name == null) {
        return null;
      }
      if (!FIELD_NAME.matcher(name).matches()) {
        reportAt(
            at + "/name",
            "The field name '" + name + "' is letters, digits, _ and -, starting with a letter.");
        return null;
      }
      String what = "The field " + name;
      text(node, at, "description");
      String place = localPlace(node, at, name);
      String fhir = text(node, at, "fhir");
      String in = text(node, at, "in");
      String out = text(node, at, "out");
      if (fhir == null && in == null && out == null) {
        reportAt(at, what + " has no FHIR counterpart: give fhir (both ways), in, or out.");
        return null;
      }
      if (fhir != null && in != null && out != null) {
        reportKey(
            at + "/fhir", what + " has in and out, so its fhir path is never used; remove it.");
      }
      String typeName =
          node.has("type") ? choice(node, at, "type", "value type", VALUE_TYPES) : "string";
      ValueType type =
          typeName == null
              ? null
              : ValueType.valueOf(typeName.replace('-', '_').toUpperCase(Locale.ROOT));
      String codesName = text(node, at, "codes");
      CodeTable codes = null;
      if (codesName != null) {
        tablesUsed.add(codesName);
        codes = tables.get(codesName);
        if (codes == null && !yaml.root().path("codes").has(codesName)) {
          reportAt(
              at + "/codes",
              what + " names code table '" + codesName + "', which the mapping does not define.");
        }
        if (type != null && type != ValueType.STRING) {
          reportKey(
              at + "/codes",
              what + " is of type " + typeName + "; only string fields take a code table.");
        }
      }
      String formatText = text(node, at, "format");
      java.time.format.DateTimeFormatter dateFormat = null;
      NameFormat nameFormat = null;
      boolean spaced = false;
      if (type != null) {
        switch (type) {
          case DATE, DATE_TIME -> dateFormat = dateFormat(formatText, at, type);
          case NAME -> {
            if (formatText == null) {
              reportAt(at, what + " is a name: say its format, 'given family' or 'family, given'.");
            } else {
              for (NameFormat f : NameFormat.values()) {
                if (f.wireName.equals(formatText)) {
                  nameFormat = f;
                }
              }
              if (nameFormat == null) {
                reportAt(at + "/format", "A name's format is 'given family' or 'family, given'.");
              }
            }
          }
          case NHS_NUMBER -> {
            if (formatText != null
                && !formatText.equals("digits")
                && !formatText.equals("spaced")) {
              reportAt(
                  at + "/format",
                  "An NHS number's format is 'digits' (9990000018) or 'spaced' (999 000 0018).");
            }
            spaced = "spaced".equals(formatText);
          }
          case STRING -> {
            if (formatText != null) {
              reportKey(
                  at + "/format",
                  what + " is a string; format applies to dates, names and NHS numbers.");
            }
          }
        }
      }
      Boolean required = bool(node, at, "required");
      String separator = null;
      if (node.has("separator")) {
        separator = text(node, at, "separator");
        if (separator != null && separator.isEmpty()) {
          reportAt(at + "/separator", "A separator is at least one character.");
        }
        if (type != ValueType.STRING || codesName != null) {
          reportKey(at + "/separator", "A separator applies to plain string fields only.");
        }
      }
      Integer maxLength = positive(node, at, "max-length");
      Pattern pattern = null;
      String patternText = text(node, at, "pattern");
      if (patternText != null) {
        try {
          pattern = Pattern.compile(patternText);
        } catch (PatternSyntaxException e) {
          reportAt(
              at + "/pattern",
              "The pattern is not a regular expression: " + e.getDescription() + ".");
        }
      }
      // FHIR side.
      String inText = in != null ? in : fhir;
      String inKey = in != null ? "in" : "fhir";
      ElementPath inPath = null;
      String inResource = null;
      if (inText != null) {
        HeadedPath headed = headedPath(inText, at + "/" + inKey);
        if (headed != null) {
          inResource = headed.resource().name();
          inPath = headed.path();
          checkTarget(inPath, type, codes, separator, at + "/" + inKey, what);
        }
      }
      ElementPath outPath = null;
      String outResource = null;
      IFhirPath.IParsedExpression outExpression = null;
      if (out != null) {
        try {
          outExpression = fhirPath(out);
        } catch (PathException e) {
          reportAt(at + "/out", e.getMessage());
        }
      } else if (fhir != null) {
        HeadedPath headed = in != null ? headedPath(fhir, at + "/fhir") : null;
        if (in == null && inPath != null) {
          outPath = inPath;
          outResource = inResource;
        } else if (headed != null) {
          outPath = headed.path();
          outResource = headed.resource().name();
          checkTarget(outPath, type, codes, separator, at + "/fhir", what);
        }
      }
      if (type == null) {
        return null;
      }
      return new Field(
          name,
          place,
          inResource,
          inPath,
          outResource,
          outPath,
          outExpression,
          out,
          type,
          dateFormat,
          formatText,
          nameFormat,
          spaced,
          codes,
          Boolean.TRUE.equals(required),
          separator,
          maxLength == null ? Integer.MAX_VALUE : maxLength,
          pattern);
    }

    /**
     * Where the field is in the local format, normalised: JSON Pointers, XML paths, CSV headers.
     */
    private String localPlace(JsonNode node, String at, String name) {
      String place = node.has("at") ? text(node, at, "at") : null;
      LocalFormat f = format;
      if (f == null) {
        return place == null ? name : place;
      }
      switch (f.kind()) {
        case CSV -> {
          return place == null ? name : place;
        }
        case JSON -> {
          if (place == null) {
            return "/" + name;
          }
          if (place.startsWith("/") && POINTER.matcher(place).matches()) {
            return place;
          }
          if (DOTTED.matcher(place).matches()) {
            return "/" + place.replace(".", "/");
          }
          reportAt(
              at + "/at",
              "A JSON field is at a JSON Pointer (/person/nhsNumber) or a dotted path (person.nhsNumber).");
          return place;
        }
        case XML -> {
          String path = place == null ? name : place;
          String[] parts = path.split("/", -1);
          for (int i = 0; i < parts.length; i++) {
            String part = parts[i];
            boolean attribute = part.startsWith("@") && i == parts.length - 1;
            if (!XML_NAME.matcher(attribute ? part.substring(1) : part).matches()) {
              reportAt(
                  place == null ? at + "/name" : at + "/at",
                  "An XML field is at element names joined by / (person/nhsNumber), optionally ending in an attribute (@id).");
              break;
            }
          }
          return path;
        }
      }
      return name;
    }

    private record HeadedPath(ResourceSpec resource, ElementPath path) {}

    /** A path starting with a resource name; an undeclared resource type declares itself. */
    private @Nullable HeadedPath headedPath(String text, String at) {
      List<Syntax> syntax;
      try {
        syntax = ElementPath.parse(text);
      } catch (PathException e) {
        reportAt(at, e.getMessage());
        return null;
      }
      Syntax head = syntax.get(0);
      if (!head.where().isEmpty() || head.index() >= 0 || syntax.size() < 2) {
        reportAt(
            at,
            "The path '"
                + text
                + "' starts with a resource name and names an element in it, e.g. Patient.birthDate.");
        return null;
      }
      ResourceSpec resource = resources.get(head.name());
      if (resource == null) {
        RuntimeResourceDefinition definition = resourceType(head.name());
        if (definition == null || yaml.root().has("resources")) {
          reportAt(
              at,
              "The path '"
                  + text
                  + "' starts with '"
                  + head.name()
                  + "', which is not "
                  + (yaml.root().has("resources")
                      ? "one of the resources declared ("
                          + String.join(", ", resources.keySet())
                          + ")."
                      : "a FHIR R4 resource type."));
          return null;
        }
        resource =
            new ResourceSpec(
                head.name(), head.name(), definition, List.of(), 0, null, List.of(), List.of());
        resources.put(head.name(), resource);
      }
      try {
        return new HeadedPath(
            resource,
            ElementPath.resolve(R4, text, resource.type(), syntax.subList(1, syntax.size())));
      } catch (PathException e) {
        reportAt(at, e.getMessage());
        return null;
      }
    }

    private void checkTarget(
        ElementPath path,
        @Nullable ValueType type,
        @Nullable CodeTable codes,
        @Nullable String separator,
        String at,
        String what) {
      ElementPath.Target target = path.target();
      boolean fits;
      String wanted;
      if (codes != null && codes.hasFurtherCodings()) {
        fits = target == ElementPath.Target.CODEABLE_CONCEPT;
        wanted = "a CodeableConcept, since table " + codes.name() + " gives further codings (also)";
      } else if (codes != null) {
        fits =
            target == ElementPath.Target.PRIMITIVE
                || target == ElementPath.Target.CODING
                || target == ElementPath.Target.CODEABLE_CONCEPT;
        wanted = "a code, Coding or CodeableConcept";
      } else if (type == ValueType.NAME) {
        fits = target == ElementPath.Target.HUMAN_NAME;
        wanted = "a HumanName";
      } else {
        fits = target == ElementPath.Target.PRIMITIVE;
        wanted = "a single value (a string, code, date...)";
      }
      if (!fits) {
        reportAt(
            at,
            what
                + " goes to "
                + path.text()
                + ", a "
                + path.targetType()
                + "; it must end at "
                + wanted
                + ".");
      }
      if (separator != null && !path.lastRepeats()) {
        reportAt(
            at,
            what
                + " has a separator, but the last element of "
                + path.text()
                + " does not repeat.");
      }
      if ((type == ValueType.DATE || type == ValueType.DATE_TIME)
          && fits
          && !List.of("date", "dateTime", "instant").contains(path.targetType())) {
        reportAt(
            at,
            what
                + " is a "
                + type.wireName
                + " but "
                + path.text()
                + " is a "
                + path.targetType()
                + ".");
      }
    }

    private @Nullable DateTimeFormatter dateFormat(
        @Nullable String text, String at, ValueType type) {
      if (text == null) {
        return null;
      }
      try {
        // uuuu, not yyyy: with strict resolution a year-of-era pattern needs an era to resolve.
        return DateTimeFormatter.ofPattern(
                text.replace("yyyy", "uuuu").replace("yy", "uu"), Locale.UK)
            .withResolverStyle(ResolverStyle.STRICT);
      } catch (IllegalArgumentException e) {
        reportAt(
            at + "/format",
            "The "
                + type.wireName
                + " format is not a date pattern such as dd/MM/yyyy: "
                + e.getMessage());
        return null;
      }
    }

    // ---- generic checks ------------------------------------------------------------------------

    private boolean mapping(
        JsonNode node, String at, String what, List<String> allowed, List<String> required) {
      if (!node.isObject()) {
        reportAt(
            at, capitalise(what) + " is a mapping with keys " + String.join(", ", allowed) + ".");
        return false;
      }
      keys(node, at, what, allowed, required);
      return true;
    }

    private void keys(
        JsonNode node, String at, String what, List<String> allowed, List<String> required) {
      problems.unknownKeys(node, at, what, allowed);
      for (String key : required) {
        if (!node.has(key) || node.get(key).isNull()) {
          reportAt(at, capitalise(what) + " has no " + key + ".");
        }
      }
    }

    private @Nullable String text(JsonNode node, String at, String key) {
      JsonNode value = node.get(key);
      if (value == null || value.isNull()) {
        return null;
      }
      if (!value.isTextual()) {
        reportAt(LocatedYaml.child(at, key), "The value of " + key + " is a single text value.");
        return null;
      }
      return value.textValue();
    }

    private @Nullable String uri(JsonNode node, String at, String key) {
      String text = text(node, at, key);
      if (text != null && !URI.matcher(text).matches()) {
        reportAt(
            LocatedYaml.child(at, key), "The " + key + " is a URI such as http://snomed.info/sct.");
        return null;
      }
      return text;
    }

    private @Nullable Boolean bool(JsonNode node, String at, String key) {
      JsonNode value = node.get(key);
      if (value == null || value.isNull()) {
        return null;
      }
      if (!value.isBoolean()) {
        reportAt(LocatedYaml.child(at, key), "The value of " + key + " is true or false.");
        return null;
      }
      return value.booleanValue();
    }

    private @Nullable Integer positive(JsonNode node, String at, String key) {
      String text = node.has(key) && node.get(key).isTextual() ? node.get(key).textValue() : null;
      if (!node.has(key)) {
        return null;
      }
      try {
        int n = Integer.parseInt(text == null ? "" : text);
        if (n > 0) {
          return n;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      reportAt(LocatedYaml.child(at, key), "The value of " + key + " is a whole number above 0.");
      return null;
    }

    private @Nullable String choice(
        JsonNode node, String at, String key, String what, List<String> words) {
      String text = text(node, at, key);
      if (text != null && !words.contains(text)) {
        reportAt(
            LocatedYaml.child(at, key),
            "'" + text + "' is not a " + what + "; use one of " + String.join(", ", words) + ".");
        return null;
      }
      return text;
    }

    private static String capitalise(String what) {
      return what.isEmpty() ? what : Character.toUpperCase(what.charAt(0)) + what.substring(1);
    }

    void reportAt(String pointer, String message) {
      problems.reportAt(pointer, message);
    }

    private void reportKey(String pointer, String message) {
      problems.reportKey(pointer, message);
    }

    private void report(Position position, String message) {
      problems.report(position, message);
    }
  }
}
