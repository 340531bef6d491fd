package org.concordat.protocols.yaml;

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
 * A YAML document read into a JSON tree that remembers where each value and key was written, so
 * problems can be reported at the line and column the author must edit.
 *
 * <p>Every scalar becomes a JSON string holding its text as written (so {@code version: 1.10} stays
 * {@code "1.10"} and {@code code: 0042} keeps its zeros), except the plain scalars {@code true} and
 * {@code false}, which become JSON booleans, and empty or {@code null} scalars, which become JSON
 * null. As in the YAML 1.2 core schema, YAML 1.1's {@code yes}, {@code no}, {@code on} and {@code
 * off} stay text. Aliases and duplicate keys are recorded so the reader can refuse them: an alias
 * would make the hashed form differ from what a reader sees at that place.
 *
 * <p>The input is bounded: a document over {@link #MAX_CHARS} characters or nested deeper than
 * {@link #MAX_DEPTH} mappings and sequences is refused with a located {@link SyntaxError}.
 */
public final class LocatedYaml {
  /** The largest document read, in characters. */
  public static final int MAX_CHARS = 1_000_000;

  /** The deepest nesting of mappings and sequences read; the root mapping is level 1. */
  public static final int MAX_DEPTH = 32;

  private static final YAMLFactory YAML =
      YAMLFactory.builder()
          .streamReadConstraints(
              StreamReadConstraints.builder()
                  // A backstop only: the walk below refuses deeper documents with a located
                  // problem.
                  .maxNestingDepth(MAX_DEPTH + 1)
                  .maxStringLength(100_000)
                  .build())
          // The builder does not carry the parser's defaults: say that an empty scalar is null.
          .enable(YAMLParser.Feature.EMPTY_STRING_AS_NULL)
          .build();

  /** A position in the source, counting from 1. */
  public record Position(int line, int column) {}

  /** Something found at a place in the source. */
  public record Located(Position position, String text) {}

  /** The text could not be read as one YAML document within the limits. */
  public static final class SyntaxError extends Exception {
    private static final long serialVersionUID = 1L;
    private final Position position;

    SyntaxError(Position position, String message) {
      super(message);
      this.position = position;
    }

    public Position position() {
      return position;
    }

    /** Always the message it was made with: never null. */
    @Override
    public String getMessage() {
      return java.util.Objects.requireNonNull(super.getMessage());
    }
  }

  private final JsonNode root;
  private final Map<String, Position> values;
  private final Map<String, Position> keys;
  private final List<Located> duplicateKeys;
  private final List<Located> aliases;

  private LocatedYaml(Walk walk, JsonNode root) {
    this.root = root;
    this.values = walk.values;
    this.keys = walk.keys;
    this.duplicateKeys = List.copyOf(walk.duplicateKeys);
    this.aliases = List.copyOf(walk.aliases);
  }

  /**
   * Reads one YAML document.
   *
   * @param text the document
   * @param kind what the document is, for messages: {@code "protocol"}, {@code "mapping"}
   */
  public static LocatedYaml parse(String text, String kind) throws SyntaxError {
    if (text.length() > MAX_CHARS) {
      throw new SyntaxError(
          positionOf(text, MAX_CHARS),
          "The file is longer than "
              + MAX_CHARS
              + " characters; a "
              + kind
              + " is read only up to that size.");
    }
    try (JsonParser parser = YAML.createParser(text)) {
      Walk walk = new Walk(parser, kind);
      if (parser.nextToken() == null) {
        throw new SyntaxError(
            new Position(1, 1), "The file is empty; a " + kind + " is a YAML mapping.");
      }
      JsonNode root = walk.value("", 1);
      if (parser.nextToken() != null) {
        throw new SyntaxError(
            walk.here(),
            "The file holds more than one YAML document; a " + kind + " is exactly one.");
      }
      return new LocatedYaml(walk, root);
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

  /** The document as a JSON tree. */
  public JsonNode root() {
    return root;
  }

  /** Keys written a second time in the same mapping (the first one is in the tree). */
  public List<Located> duplicateKeys() {
    return duplicateKeys;
  }

  /** Aliases ({@code *name}) used in the document. */
  public List<Located> aliases() {
    return aliases;
  }

  /** Where the value at {@code pointer} starts, or the nearest enclosing value that was written. */
  public Position valueAt(String pointer) {
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
  public Position keyAt(String pointer) {
    Position found = keys.get(pointer);
    return found != null ? found : valueAt(pointer);
  }

  /** The JSON pointer of member {@code key} of the value at {@code pointer}. */
  public static String child(String pointer, String key) {
    return pointer + "/" + key.replace("~", "~0").replace("/", "~1");
  }

  /** The JSON pointer of item {@code index} of the list at {@code pointer}. */
  public static String child(String pointer, int index) {
    return pointer + "/" + index;
  }

  private static Position positionOf(String text, int offset) {
    int line = 1;
    int lineStart = 0;
    for (int i = 0; i < offset; i++) {
      if (text.charAt(i) == '\n') {
        line++;
        lineStart = i + 1;
      }
    }
    return new Position(line, offset - lineStart + 1);
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
    private final String kind;
    private final JsonNodeFactory nodes = JsonNodeFactory.instance;
    final Map<String, Position> values = new HashMap<>();
    final Map<String, Position> keys = new HashMap<>();
    final List<Located> duplicateKeys = new ArrayList<>();
    final List<Located> aliases = new ArrayList<>();

    Walk(JsonParser parser, String kind) {
      this.parser = parser;
      this.kind = kind;
    }

    Position here() {
      JsonLocation at = parser.currentTokenLocation();
      return new Position(positive(at.getLineNr()), positive(at.getColumnNr()));
    }

    /** Reads the value whose first token is current, at nesting level {@code depth}. */
    JsonNode value(String pointer, int depth) throws IOException, SyntaxError {
      values.put(pointer, here());
      if (parser instanceof YAMLParser yaml && yaml.isCurrentAlias()) {
        aliases.add(new Located(here(), yaml.getText()));
      }
      JsonToken token = parser.currentToken();
      if ((token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY)
          && depth > MAX_DEPTH) {
        throw new SyntaxError(
            here(),
            "The mappings and lists here are nested more than "
                + MAX_DEPTH
                + " levels deep; a "
                + kind
                + " is read only up to that depth.");
      }
      return switch (token) {
        case START_OBJECT -> object(pointer, depth);
        case START_ARRAY -> array(pointer, depth);
        // YAML 1.2 core schema: only the words true and false are booleans, whatever the YAML 1.1
        // parser underneath calls one; yes, no, on and off stay text.
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

    private ObjectNode object(String pointer, int depth) throws IOException, SyntaxError {
      ObjectNode object = nodes.objectNode();
      JsonToken token;
      while ((token = parser.nextToken()) == JsonToken.FIELD_NAME) {
        String key = parser.currentName();
        String childPointer = child(pointer, key);
        Position keyPosition = here();
        parser.nextToken();
        if (object.has(key)) {
          duplicateKeys.add(new Located(keyPosition, key));
          value(childPointer + "#duplicate", depth + 1);
          continue;
        }
        keys.put(childPointer, keyPosition);
        object.set(key, value(childPointer, depth + 1));
      }
      if (token != JsonToken.END_OBJECT) {
        throw new IOException("Unexpected " + token + " in a mapping");
      }
      return object;
    }

    private ArrayNode array(String pointer, int depth) throws IOException, SyntaxError {
      ArrayNode array = nodes.arrayNode();
      JsonToken token;
      while ((token = parser.nextToken()) != JsonToken.END_ARRAY && token != null) {
        array.add(value(child(pointer, array.size()), depth + 1));
      }
      return array;
    }
  }
}
