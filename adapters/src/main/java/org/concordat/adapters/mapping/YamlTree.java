package org.concordat.adapters.mapping;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A mapping file read into a JSON tree that remembers the line and column of every key and value,
 * so a problem is reported where the integrator must edit (the same approach as the protocol
 * reader's located YAML).
 *
 * <p>Every scalar becomes a JSON string holding its text as written, except the plain scalars
 * {@code true} and {@code false} (booleans) and empty or {@code null} scalars (JSON null). So
 * {@code local: yes} is the string {@code "yes"} (as in YAML 1.2) and {@code code: 0042} keeps its
 * zeros. Aliases and duplicate keys are recorded so the reader can refuse them.
 */
final class YamlTree {
  private static final YAMLFactory YAML =
      YAMLFactory.builder()
          .streamReadConstraints(
              StreamReadConstraints.builder().maxNestingDepth(32).maxStringLength(100_000).build())
          .build();

  /** A place in the file, counting from 1. */
  record Position(int line, int column) {}

  /** Something found at a place in the file. */
  record Located(Position position, String text) {}

  /** The text is not one YAML document. */
  static final class SyntaxError extends Exception {
    private static final long serialVersionUID = 1L;
    final Position position;

    SyntaxError(Position position, String message) {
      super(message);
      this.position = position;
    }
  }

  final JsonNode root;
  final List<Located> duplicateKeys;
  final List<Located> aliases;
  private final Map<String, Position> values;
  private final Map<String, Position> keys;

  private YamlTree(Walk walk, JsonNode root) {
    this.root = root;
    this.values = walk.values;
    this.keys = walk.keys;
    this.duplicateKeys = walk.duplicateKeys;
    this.aliases = walk.aliases;
  }

  static YamlTree parse(String text) throws SyntaxError {
    try (JsonParser parser = YAML.createParser(text)) {
      Walk walk = new Walk(parser);
      if (parser.nextToken() == null) {
        throw new SyntaxError(
            new Position(1, 1), "The file is empty; a mapping is a YAML mapping.");
      }
      JsonNode root = walk.value("");
      if (parser.nextToken() != null) {
        throw new SyntaxError(
            walk.here(), "The file holds more than one YAML document; a mapping is exactly one.");
      }
      return new YamlTree(walk, root);
    } catch (JacksonException e) {
      JsonLocation at = e.getLocation();
      Position position =
          at == null
              ? new Position(1, 1)
              : new Position(Math.max(1, at.getLineNr()), Math.max(1, at.getColumnNr()));
      throw new SyntaxError(
          position, "This is not valid YAML: " + firstLine(e.getOriginalMessage()));
    } catch (IOException e) {
      throw new SyntaxError(new Position(1, 1), "The text could not be read: " + e.getMessage());
    }
  }

  /** Where the value at {@code pointer} starts, or the nearest enclosing value that was written. */
  Position valueAt(String pointer) {
    String p = pointer;
    while (true) {
      Position found = values.get(p);
      if (found != null) {
        return found;
      }
      if (p.isEmpty()) {
        return new Position(1, 1);
      }
      p = p.substring(0, p.lastIndexOf('/'));
    }
  }

  /** Where the key of the member at {@code pointer} is written, falling back to its value. */
  Position keyAt(String pointer) {
    Position found = keys.get(pointer);
    return found != null ? found : valueAt(pointer);
  }

  static String child(String pointer, String key) {
    return pointer + "/" + key.replace("~", "~0").replace("/", "~1");
  }

  private static String firstLine(String message) {
    String m = message == null ? "unreadable text" : message.strip();
    int newline = m.indexOf('\n');
    return newline < 0 ? m : m.substring(0, newline).strip();
  }

  /** A recursive descent over the parser's tokens that records where each one was. */
  private static final class Walk {
    private final JsonParser parser;
    private final JsonNodeFactory nodes = JsonNodeFactory.instance;
    final Map<String, Position> values = new HashMap<>();
    final Map<String, Position> keys = new HashMap<>();
    final List<Located> duplicateKeys = new ArrayList<>();
    final List<Located> aliases = new ArrayList<>();

    Walk(JsonParser parser) {
      this.parser = parser;
    }

    Position here() {
      JsonLocation at = parser.currentTokenLocation();
      return new Position(Math.max(1, at.getLineNr()), Math.max(1, at.getColumnNr()));
    }

    JsonNode value(String pointer) throws IOException {
      values.put(pointer, here());
      if (parser instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
        aliases.add(new Located(here(), yaml.getText()));
      }
      JsonToken token = parser.currentToken();
      return switch (token) {
        case START_OBJECT -> object(pointer);
        case START_ARRAY -> array(pointer);
        // Only the words true and false are booleans; YAML 1.1's yes, no, on and off stay text.
        case VALUE_TRUE, VALUE_FALSE ->
            switch (parser.getText()) {
              case "true" -> nodes.booleanNode(true);
              case "false" -> nodes.booleanNode(false);
              default -> nodes.textNode(parser.getText());
            };
        case VALUE_NULL -> nodes.nullNode();
        default -> nodes.textNode(parser.getText());
      };
    }

    private ObjectNode object(String pointer) throws IOException {
      ObjectNode object = nodes.objectNode();
      JsonToken token;
      while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
        String key = parser.currentName();
        String childPointer = child(pointer, key);
        Position keyPosition = here();
        parser.nextToken();
        if (object.has(key)) {
          duplicateKeys.add(new Located(keyPosition, key));
          value(childPointer + "#duplicate");
          continue;
        }
        keys.put(childPointer, keyPosition);
        object.set(key, value(childPointer));
      }
      if (token != JsonToken.END_OBJECT) {
        throw new IOException("Unexpected " + token + " in a mapping");
      }
      return object;
    }

    private ArrayNode array(String pointer) throws IOException {
      ArrayNode array = nodes.arrayNode();
      JsonToken token;
      while ((token = parser.nextToken()) != JsonToken.END_ARRAY && token != null) {
        array.add(value(pointer + "/" + array.size()));
      }
      return array;
    }
  }
}
