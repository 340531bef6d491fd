package org.concordat.protocols.sharing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The published JSON Schema (config/schemas/protocol.schema.json) names exactly the keys the reader
 * accepts, at each level, and requires at least what the reader requires. (No JSON Schema validator
 * is available offline to this build; the example was checked against the schema with a draft
 * 2020-12 validator when it was written.)
 */
class ProtocolSchemaTest {
  private static final Path SCHEMA = Path.of("../config/schemas/protocol.schema.json");

  private static JsonNode schema() throws IOException {
    assertThat(SCHEMA).as("the schema is published beside the example").exists();
    return new ObjectMapper().readTree(Files.readString(SCHEMA));
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
    assertThat(schemaRequired).containsAll(required).isSubsetOf(keys);
    assertThat(object.get("additionalProperties").asBoolean(true)).isFalse();
  }

  @Test
  void namesEveryKeyTheReaderAcceptsAndNoOther() throws IOException {
    JsonNode schema = schema();
    JsonNode defs = schema.get("$defs");
    assertThat(schema.get("$schema").asText())
        .isEqualTo("https://json-schema.org/draft/2020-12/schema");
    covers(schema, ProtocolReader.TOP_KEYS, ProtocolReader.TOP_REQUIRED);
    covers(defs.get("party"), ProtocolReader.PARTY_KEYS, ProtocolReader.PARTY_REQUIRED);
    covers(defs.get("contact"), ProtocolReader.CONTACT_KEYS, ProtocolReader.CONTACT_REQUIRED);
    covers(defs.get("purpose"), ProtocolReader.PURPOSE_KEYS, ProtocolReader.PURPOSE_REQUIRED);
    covers(defs.get("legalBasis"), ProtocolReader.LEGAL_BASIS_KEYS, List.of());
    covers(
        defs.get("purpose").get("properties").get("consent-override"),
        ProtocolReader.CONSENT_OVERRIDE_KEYS,
        ProtocolReader.CONSENT_OVERRIDE_KEYS);
    covers(defs.get("category"), ProtocolReader.CATEGORY_KEYS, ProtocolReader.CATEGORY_REQUIRED);
    covers(defs.get("flow"), ProtocolReader.FLOW_KEYS, ProtocolReader.FLOW_REQUIRED);
  }

  @Test
  void listsTheSameWordsAsTheReaderForKindsAndRoles() throws IOException {
    JsonNode party = schema().get("$defs").get("party").get("properties");
    List<String> kinds = new ArrayList<>();
    party.get("kind").get("enum").forEach(n -> kinds.add(n.asText()));
    assertThat(kinds)
        .containsExactly(
            java.util.Arrays.stream(PartyKind.values())
                .map(ProtocolReader::wireName)
                .toArray(String[]::new));
    List<String> roles = new ArrayList<>();
    party.get("role").get("enum").forEach(n -> roles.add(n.asText()));
    assertThat(roles)
        .containsExactly(
            java.util.Arrays.stream(PartyRole.values())
                .map(PartyRole::wireName)
                .toArray(String[]::new));
  }
}
