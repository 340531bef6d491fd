package org.concordat.adapters.mapping;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * JSON records: the whole document is one record ({@code records: single}), or an array of them at
 * {@code records-at}. Each field is at a JSON Pointer within its record; its value is a string,
 * number or boolean (read as text), and null or absent means no value. Output is UTF-8, indented,
 * with every value a string and absent values left out.
 */
final class JsonCodec implements LocalCodec {
  private static final ObjectMapper JSON =
      new ObjectMapper(
              JsonFactory.builder()
                  .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                  .streamReadConstraints(
                      StreamReadConstraints.builder()
                          .maxNestingDepth(64)
                          .maxNumberLength(100)
                          .build())
                  .build())
          .enable(SerializationFeature.INDENT_OUTPUT);

  @Override
  public Parsed read(String text, Mapping mapping, MappingLimits limits) {
    JsonNode document;
    try (JsonParser parser = JSON.createParser(text)) {
      document = JSON.readTree(parser);
      if (parser.nextToken() != null) {
        return Parsed.refused("The file holds more than one JSON value.");
      }
    } catch (JsonProcessingException e) {
      var at = e.getLocation();
      return Parsed.refused(
          "The file is not well-formed JSON"
              + (at == null
                  ? ""
                  : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")")
              + ".");
    } catch (java.io.IOException e) {
      return Parsed.refused("The file could not be read as JSON.");
    }
    if (document == null) {
      return Parsed.refused("The file is empty.");
    }
    LocalFormat format = mapping.format();
    List<JsonNode> items = new ArrayList<>();
    if (format.many()) {
      JsonNode array = document.at(JsonPointer.compile(format.recordsAt()));
      if (!array.isArray()) {
        return Parsed.refused(
            "The records are not an array at '"
                + format.recordsAt()
                + "', as the mapping expects.");
      }
      if (array.size() > limits.maxRecords()) {
        return Parsed.refused(
            "The file holds "
                + array.size()
                + " records; the limit for this mapping is "
                + limits.maxRecords()
                + ".");
      }
      array.forEach(items::add);
    } else {
      items.add(document);
    }
    List<RawRecord> records = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      records.add(record(i + 1, items.get(i), mapping, limits));
    }
    return new Parsed(records, List.of());
  }

  private static RawRecord record(
      int number, JsonNode item, Mapping mapping, MappingLimits limits) {
    if (!item.isObject()) {
      return new RawRecord(
          number,
          Map.of(),
          List.of(MappingProblem.error(number, null, "The record is not a JSON object.")));
    }
    Map<String, String> values = new LinkedHashMap<>();
    List<MappingProblem> problems = new ArrayList<>();
    for (Field field : mapping.fields()) {
      JsonNode value = item.at(JsonPointer.compile(field.at()));
      if (value.isMissingNode() || value.isNull()) {
        continue;
      }
      if (!value.isValueNode()) {
        problems.add(
            MappingProblem.error(
                number,
                field.name(),
                "The value at "
                    + field.at()
                    + " is "
                    + (value.isArray() ? "an array" : "an object")
                    + "; a field holds a single value."));
        continue;
      }
      String text = value.asText();
      if (text.length() > limits.maxValueChars()) {
        problems.add(
            MappingProblem.error(
                number,
                field.name(),
                "The value is longer than " + limits.maxValueChars() + " characters."));
        continue;
      }
      if (!text.isEmpty()) {
        values.put(field.name(), text);
      }
    }
    return new RawRecord(number, values, problems);
  }

  @Override
  public byte[] write(Mapping mapping, List<LocalRecord> records) {
    LocalFormat format = mapping.format();
    JsonNode document;
    if (format.many()) {
      ArrayNode array = JSON.createArrayNode();
      records.forEach(r -> array.add(object(mapping, r)));
      document = format.recordsAt().isEmpty() ? array : wrap(format.recordsAt(), array);
    } else if (records.size() == 1) {
      document = object(mapping, records.get(0));
    } else {
      // A single-record format with no record to write (every record failed): an empty object.
      document = JSON.createObjectNode();
    }
    try {
      return (JSON.writeValueAsString(document) + "\n").getBytes(StandardCharsets.UTF_8);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("A JSON tree of strings could not be written", e);
    }
  }

  /** The record's values placed at their pointers, creating objects on the way. */
  static ObjectNode object(Mapping mapping, LocalRecord record) {
    ObjectNode object = JSON.createObjectNode();
    for (Field field : mapping.fields()) {
      String value = record.get(field.name());
      if (value == null) {
        continue;
      }
      put(object, field.at(), value);
    }
    return object;
  }

  private static JsonNode wrap(String pointer, ArrayNode array) {
    ObjectNode root = JSON.createObjectNode();
    put(root, pointer, array);
    return root;
  }

  private static void put(ObjectNode root, String pointer, Object value) {
    List<String> names = new ArrayList<>();
    JsonPointer p = JsonPointer.compile(pointer);
    while (p != null && !p.matches()) {
      names.add(p.getMatchingProperty());
      p = p.tail();
    }
    ObjectNode parent = root;
    for (int i = 0; i < names.size() - 1; i++) {
      JsonNode next = parent.get(names.get(i));
      if (!(next instanceof ObjectNode)) {
        next = parent.putObject(names.get(i));
      }
      parent = (ObjectNode) next;
    }
    String last = names.get(names.size() - 1);
    if (value instanceof JsonNode node) {
      parent.set(last, node);
    } else {
      parent.put(last, value.toString());
    }
  }
}
