package org.concordat.protocols.sharing;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
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
 * A YAML document read into a JSON tree that remembers where each value and key was written, so
 * problems can be reported at the line and column an IG lead must edit.
 *
 * <p>Scalars become JSON strings (numbers keep the text as written, so {@code version: 1.10} stays
 * {@code "1.10"}), except {@code true}/{@code false} and null. Aliases are refused: they would make
 * the hashed form differ from what a reader sees at that place.
 */
final class LocatedYaml {
  private static final YAMLFactory YAML = new YAMLFactory();

  /** A position in the source, counting from 1. */
  record Position(int line, int column) {}

  /** The text could not be read as YAML at all. */
  static final class SyntaxError extends Exception {
    private static final long serialVersionUID = 1L;
    final Position position;

    SyntaxError(Position position, String message) {
      super(message);
      this.position = position;
    }

    /** Always the message it was made with: never null. */
    @Override
    public String getMessage() {
      return java.util.Objects.requireNonNull(super.getMessage());
    }
  }

  final JsonNode root;
  private final Map<String, Position> values;
  private final Map<String, Position> keys;
  final List<Located> duplicateKeys;
  final List<Located> aliases;

  /** A message anchored to a place in the source. */
  record Located(Position position, String text) {}

  private LocatedYaml(
      JsonNode root,
      Map<String, Position> values,
      Map<String, Position> keys,
      List<Located> duplicateKeys,
      List<Located> aliases) {
    this.root = root;
    this.values = values;
    this.keys = keys;
    this.duplicateKeys = duplicateKeys;
    this.aliases = aliases;
  }

  static LocatedYaml parse(String text) throws SyntaxError {
    try (JsonParser parser = YAML.createParser(text)) {
      Walk walk = new Walk(parser);
      JsonToken first = parser.nextToken();
      if (first == null) {
        throw new SyntaxError(
            new Position(1, 1), "The file is empty; a protocol is a YAML mapping.");
      }
      JsonNode root = walk.value("");
      if (parser.nextToken() != null) {
        throw new SyntaxError(
            walk.here(), "The file holds more than one YAML document; a protocol is exactly one.");
      }
      return new LocatedYaml(root, walk.values, walk.keys, walk.duplicateKeys, walk.aliases);
    } catch (JacksonException e) {
      JsonLocation at = e.getLocation();
      Position position =
          at == null
              ? new Position(1, 1)
              : new Position(positive(at.getLineNr()), positive(at.getColumnNr()));
      throw new SyntaxError(
          position, "This is not valid YAML: " + firstLine(e.getOriginalMessage()));
    } catch (IOException e) {
      // Reading from a String cannot fail for I/O reasons; treat it as unreadable text.
      throw new SyntaxError(new Position(1, 1), "The text could not be read: " + e.getMessage());
    }
  }

  /** Where the value at {@code pointer} starts, or the nearest enclosing value that was written. */
  Position valueAt(String pointer) {
    String p = pointer;
    while (true) {
      Position found = values.get(p);
      if (found != null || p.isEmpty()) {
        return found != null ? found : new Position(1, 1);
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

  static String child(String pointer, int index) {
    return pointer + "/" + index;
  }

  private static int positive(int n) {
    return Math.max(n, 1);
  }

  private static String firstLine(String message) {
    String m = message == null ? "unreadable text" : message.strip();
    int newline = m.indexOf('\n');
    return newline < 0 ? m : m.substring(0, newline).strip();
  }

  /** A recursive descent over the parser's tokens that records each token's location. */
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
      return new Position(positive(at.getLineNr()), positive(at.getColumnNr()));
    }

    /** Reads the value whose first token is current. */
    JsonNode value(String pointer) throws IOException {
      values.put(pointer, here());
      if (parser instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
        aliases.add(new Located(here(), yaml.getText()));
      }
      JsonToken token = parser.currentToken();
      return switch (token) {
        case START_OBJECT -> object(pointer);
        case START_ARRAY -> array(pointer);
        case VALUE_TRUE -> nodes.booleanNode(true);
        case VALUE_FALSE -> nodes.booleanNode(false);
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
        array.add(value(child(pointer, array.size())));
      }
      return array;
    }
  }
}
