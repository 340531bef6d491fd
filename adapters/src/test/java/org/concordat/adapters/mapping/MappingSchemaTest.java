package org.concordat.adapters.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.concordat.protocols.yaml.LocatedYaml;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The published JSON Schema (config/schemas/mapping.schema.json) and the reader agree: the schema
 * names exactly the keys the reader accepts at each level; every shipped mapping passes both; and
 * every invalid mapping in {@code vectors/mapping/invalid} that the schema rejects, the reader
 * rejects too (the reader checks more: the vectors marked {@code schema: accepts} show what).
 */
class MappingSchemaTest {
  private static final Path SCHEMA = Path.of("../config/schemas/mapping.schema.json");
  static final Path INVALID = Path.of("src/test/resources/vectors/mapping/invalid");

  private static JsonNode schemaTree() throws IOException {
    return new ObjectMapper().readTree(Files.readString(SCHEMA));
  }

  private static JsonSchema schema() throws IOException {
    return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(schemaTree());
  }

  /** The document as the reader sees it (scalars as written), for the schema to check. */
  static JsonNode tree(String yaml) throws LocatedYaml.SyntaxError {
    return LocatedYaml.parse(yaml, "mapping").root();
  }

  private static List<String> names(JsonNode properties) {
    List<String> names = new ArrayList<>();
    properties.fieldNames().forEachRemaining(names::add);
    return names;
  }

  private static void covers(JsonNode object, List<String> keys, List<String> required) {
    assertThat(names(object.get("properties"))).containsExactlyInAnyOrderElementsOf(keys);
    List<String> schemaRequired = new ArrayList<>();
    object.path("required").forEach(n -> schemaRequired.add(n.asText()));
    assertThat(schemaRequired).containsExactlyInAnyOrderElementsOf(required);
    assertThat(object.get("additionalProperties").asBoolean(true)).isFalse();
  }

  @Test
  void namesEveryKeyTheReaderAcceptsAndNoOther() throws IOException {
    JsonNode schema = schemaTree();
    JsonNode defs = schema.get("$defs");
    assertThat(schema.get("$schema").asText())
        .isEqualTo("https://json-schema.org/draft/2020-12/schema");
    covers(schema, MappingReader.TOP_KEYS, MappingReader.TOP_REQUIRED);
    covers(defs.get("format"), MappingReader.FORMAT_KEYS, MappingReader.FORMAT_REQUIRED);
    covers(defs.get("resource"), MappingReader.RESOURCE_KEYS, MappingReader.RESOURCE_REQUIRED);
    covers(defs.get("field"), MappingReader.FIELD_KEYS, MappingReader.FIELD_REQUIRED);
    covers(defs.get("codeTable"), MappingReader.TABLE_KEYS, MappingReader.TABLE_REQUIRED);
    covers(defs.get("codeEntry"), MappingReader.ENTRY_KEYS, MappingReader.ENTRY_REQUIRED);
    covers(defs.get("codeAlso"), MappingReader.ALSO_KEYS, MappingReader.ALSO_REQUIRED);
    covers(defs.get("limits"), MappingReader.LIMITS_KEYS, List.of());
  }

  @Test
  void listsTheSameWordsAsTheReader() throws IOException {
    JsonNode defs = schemaTree().get("$defs");
    List<String> formats = new ArrayList<>();
    defs.get("format")
        .get("properties")
        .get("type")
        .get("enum")
        .forEach(n -> formats.add(n.asText()));
    assertThat(formats).containsExactlyElementsOf(MappingReader.FORMAT_TYPES);
    List<String> types = new ArrayList<>();
    defs.get("field").get("properties").get("type").get("enum").forEach(n -> types.add(n.asText()));
    assertThat(types).containsExactlyElementsOf(MappingReader.VALUE_TYPES);
  }

  static Stream<Path> shippedMappings() throws IOException {
    try (Stream<Path> files = Files.list(ReferralForms.MAPPINGS)) {
      return files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList().stream();
    }
  }

  @ParameterizedTest
  @MethodSource("shippedMappings")
  void everyShippedMappingPassesTheSchemaAndTheReader(Path file) throws Exception {
    Set<ValidationMessage> errors = schema().validate(tree(Files.readString(file)));

    assertThat(errors).as(file + " against the schema").isEmpty();
    assertThat(Mappings.read(file).id())
        .isEqualTo(file.getFileName().toString().replace(".yaml", ""));
  }

  static Stream<Arguments> invalidMappings() throws IOException {
    return InvalidMappingVector.all(INVALID).stream().map(v -> Arguments.of(v.name(), v));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidMappings")
  void theSchemaRejectsOnlyWhatTheReaderRejects(String name, InvalidMappingVector vector)
      throws Exception {
    Set<ValidationMessage> errors;
    try {
      errors = schema().validate(tree(vector.text()));
    } catch (LocatedYaml.SyntaxError e) {
      return; // not YAML: no schema applies
    }

    assertThat(!errors.isEmpty())
        .as(
            vector.desc()
                + ": the schema "
                + (vector.schemaRejects() ? "rejects" : "accepts")
                + " it; "
                + errors)
        .isEqualTo(vector.schemaRejects());
  }
}
