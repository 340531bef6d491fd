package org.concordat.adapters.fhir;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamReadException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.jspecify.annotations.Nullable;

/**
 * A pass over the raw body of a FHIR resource before any FHIR parser or translation sees it, so
 * that hostile input costs a known amount and is refused with a reason that names the element:
 *
 * <ul>
 *   <li>JSON objects with a key given twice are refused ({@link IssueKind#DUPLICATE_KEY}): a parser
 *       would keep the last one silently, so what a partner's system shows and what the broker
 *       reads (the NHS number, say) could differ;
 *   <li>a text value longer than {@link Limits#maxTextChars}, an element repeated more than {@link
 *       Limits#maxRepeats} times and nesting deeper than {@link Limits#maxDepth} are refused
 *       ({@link IssueKind#LIMIT_EXCEEDED});
 *   <li>text holding a control character other than tab, carriage return and line feed (a NUL, say)
 *       is refused ({@link IssueKind#INVALID_TEXT}).
 * </ul>
 *
 * <p>Every refusal names the element path (e.g. {@code entry[2].resource.name[0].family}) and the
 * limit, never a value. XML is expected to have passed {@link SafeXml} already. Thread-safe.
 */
public final class BodyScreen {
  /**
   * @param maxTextChars the longest text value (a string in JSON, an attribute or text in XML); the
   *     default matches the translation's own limit on a value
   * @param maxRepeats the most items in one JSON array, or repeats of one XML element in a parent
   * @param maxDepth the deepest nesting of objects, arrays or elements
   */
  public record Limits(int maxTextChars, int maxRepeats, int maxDepth) {
    /** 10,000 characters, 1,000 repeats, 48 levels: far above any real notice or consent. */
    public static final Limits DEFAULT = new Limits(10_000, 1_000, 48);

    public Limits {
      if (maxTextChars < 1 || maxRepeats < 1 || maxDepth < 1) {
        throw new IllegalArgumentException("Body limits are positive");
      }
    }
  }

  private static final Pattern DUPLICATE = Pattern.compile("Duplicate field '([^']*)'");
  private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z0-9_$.\\-]{1,64}");

  private final Limits limits;
  private final JsonFactory json;
  private final XMLInputFactory xml;

  public BodyScreen(Limits limits) {
    this.limits = Objects.requireNonNull(limits, "limits");
    this.json =
        JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION)
            .streamReadConstraints(
                StreamReadConstraints.builder().maxNestingDepth(limits.maxDepth() + 1).build())
            .build();
    this.xml = XMLInputFactory.newFactory();
    xml.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    xml.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    xml.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
    xml.setProperty(XMLInputFactory.IS_COALESCING, true);
  }

  public BodyScreen() {
    this(Limits.DEFAULT);
  }

  public Limits limits() {
    return limits;
  }

  /**
   * Reads {@code body} once in {@code format}.
   *
   * @throws InvalidMessageException naming the element and the rule it breaks. A body that is not
   *     well-formed passes unremarked up to the fault: the FHIR parser that follows reports it
   */
  public void check(byte[] body, MessageFormat format) {
    switch (format) {
      case JSON -> checkJson(body);
      case XML -> checkXml(body);
    }
  }

  // ---- JSON ----

  private void checkJson(byte[] body) {
    Deque<Level> path = new ArrayDeque<>();
    try (JsonParser parser = json.createParser(body)) {
      JsonToken token;
      while ((token = parser.nextToken()) != null) {
        switch (token) {
          case START_OBJECT, START_ARRAY -> {
            countItem(path);
            if (path.size() >= limits.maxDepth()) {
              throw new InvalidMessageException(
                  IssueKind.LIMIT_EXCEEDED,
                  "The JSON is nested more than "
                      + limits.maxDepth()
                      + " levels deep (at "
                      + render(path)
                      + ")");
            }
            path.push(new Level(token == JsonToken.START_ARRAY));
          }
          case END_OBJECT, END_ARRAY -> path.pop();
          case FIELD_NAME -> {
            String name = parser.currentName();
            path.peek().name = name;
            text(name, path, true);
          }
          case VALUE_STRING -> {
            countItem(path);
            text(parser.getText(), path, false);
          }
          default -> countItem(path);
        }
      }
    } catch (StreamReadException e) {
      Matcher duplicate = DUPLICATE.matcher(String.valueOf(e.getOriginalMessage()));
      if (duplicate.find()) {
        Level object = path.peek();
        if (object != null && !object.array) {
          object.name = null;
        }
        throw new InvalidMessageException(
            IssueKind.DUPLICATE_KEY,
            "The JSON object at "
                + render(path)
                + " has the key "
                + keyName(duplicate.group(1))
                + " more than once; each key may appear only once");
      }
      if (String.valueOf(e.getOriginalMessage()).contains("nesting depth")) {
        throw new InvalidMessageException(
            IssueKind.LIMIT_EXCEEDED,
            "The JSON is nested more than " + limits.maxDepth() + " levels deep");
      }
      // Not well-formed: the FHIR parser that follows reports that in its own words.
    } catch (IOException e) {
      // a byte array cannot fail to be read; anything else is left to the parser that follows
    }
  }

  /** Counts one more item in the enclosing array, refusing one too many. */
  private void countItem(Deque<Level> path) {
    Level level = path.peek();
    if (level != null && level.array) {
      level.index++;
      if (level.index >= limits.maxRepeats()) {
        level.index = limits.maxRepeats() - 1;
        throw new InvalidMessageException(
            IssueKind.LIMIT_EXCEEDED,
            render(path).replaceFirst("\\[\\d+\\]$", "")
                + " has more than "
                + limits.maxRepeats()
                + " items; at most "
                + limits.maxRepeats()
                + " are accepted");
      }
    }
  }

  private void text(String value, Deque<Level> path, boolean key) {
    if (value.length() > limits.maxTextChars()) {
      throw new InvalidMessageException(
          IssueKind.LIMIT_EXCEEDED,
          (key ? "A key in " : "The value of ")
              + render(path)
              + " has "
              + value.length()
              + " characters; at most "
              + limits.maxTextChars()
              + " are accepted");
    }
    int control = controlCharacter(value);
    if (control >= 0) {
      throw new InvalidMessageException(
          IssueKind.INVALID_TEXT,
          (key ? "A key in " : "The value of ")
              + render(path)
              + " holds the control character "
              + String.format("U+%04X", control)
              + "; text may hold no control characters other than tab, carriage return and"
              + " line feed");
    }
  }

  /** The first control character other than tab, CR and LF, or -1. */
  static int controlCharacter(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if ((c < 0x20 && c != '\t' && c != '\r' && c != '\n') || c == 0x7f) {
        return c;
      }
    }
    return -1;
  }

  private static String keyName(String key) {
    return PLAIN_NAME.matcher(key).matches() ? "'" + key + "'" : "(a key with unusual characters)";
  }

  /** The path of the innermost value, like {@code entry[2].resource.name[0].family}. */
  private static String render(Deque<Level> path) {
    StringBuilder text = new StringBuilder();
    var levels = path.descendingIterator();
    while (levels.hasNext()) {
      Level level = levels.next();
      if (level.array) {
        text.append('[').append(Math.max(level.index, 0)).append(']');
      } else if (level.name != null) {
        if (!text.isEmpty()) {
          text.append('.');
        }
        text.append(PLAIN_NAME.matcher(level.name).matches() ? level.name : "?");
      }
    }
    return text.isEmpty() ? "the top level" : text.toString();
  }

  private static final class Level {
    final boolean array;
    @Nullable String name;
    int index = -1;

    Level(boolean array) {
      this.array = array;
    }
  }

  // ---- XML ----

  private void checkXml(byte[] body) {
    Deque<XmlLevel> path = new ArrayDeque<>();
    XMLStreamReader reader = null;
    try {
      reader = xml.createXMLStreamReader(new ByteArrayInputStream(body));
      while (reader.hasNext()) {
        int event = reader.next();
        switch (event) {
          case XMLStreamConstants.START_ELEMENT -> {
            String name = reader.getLocalName();
            XmlLevel parent = path.peek();
            int index = 0;
            if (parent != null) {
              index = parent.children.merge(name, 1, Integer::sum) - 1;
              if (index >= limits.maxRepeats()) {
                throw new InvalidMessageException(
                    IssueKind.LIMIT_EXCEEDED,
                    xmlPath(path)
                        + "."
                        + name
                        + " is repeated more than "
                        + limits.maxRepeats()
                        + " times; at most "
                        + limits.maxRepeats()
                        + " are accepted");
              }
            }
            if (path.size() >= limits.maxDepth()) {
              throw new InvalidMessageException(
                  IssueKind.LIMIT_EXCEEDED,
                  "The XML is nested more than "
                      + limits.maxDepth()
                      + " levels deep (at "
                      + xmlPath(path)
                      + ")");
            }
            path.push(new XmlLevel(name, index));
            for (int i = 0; i < reader.getAttributeCount(); i++) {
              xmlText(
                  reader.getAttributeValue(i),
                  xmlPath(path) + "@" + reader.getAttributeLocalName(i));
            }
          }
          case XMLStreamConstants.END_ELEMENT -> path.pop();
          case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA -> {
            if (!reader.isWhiteSpace()) {
              xmlText(reader.getText(), xmlPath(path));
            }
          }
          default -> {
            // comments, processing instructions: nothing to check (SafeXml refused DOCTYPEs)
          }
        }
      }
    } catch (XMLStreamException e) {
      // Not well-formed: SafeXml and the FHIR parser report that in their own words.
    } finally {
      if (reader != null) {
        try {
          reader.close();
        } catch (XMLStreamException e) {
          // nothing outlives the byte array
        }
      }
    }
  }

  private void xmlText(String value, String where) {
    if (value.length() > limits.maxTextChars()) {
      throw new InvalidMessageException(
          IssueKind.LIMIT_EXCEEDED,
          "The value of "
              + where
              + " has "
              + value.length()
              + " characters; at most "
              + limits.maxTextChars()
              + " are accepted");
    }
    int control = controlCharacter(value);
    if (control >= 0) {
      throw new InvalidMessageException(
          IssueKind.INVALID_TEXT,
          "The value of "
              + where
              + " holds the control character "
              + String.format("U+%04X", control)
              + "; text may hold no control characters other than tab, carriage return and"
              + " line feed");
    }
  }

  private static String xmlPath(Deque<XmlLevel> path) {
    StringBuilder text = new StringBuilder();
    var levels = path.descendingIterator();
    while (levels.hasNext()) {
      XmlLevel level = levels.next();
      if (!text.isEmpty()) {
        text.append('.');
      }
      text.append(PLAIN_NAME.matcher(level.name).matches() ? level.name : "?");
      if (level.index > 0) {
        text.append('[').append(level.index).append(']');
      }
    }
    return text.isEmpty() ? "the top level" : text.toString();
  }

  private static final class XmlLevel {
    final String name;
    final int index;
    final Map<String, Integer> children = new HashMap<>();

    XmlLevel(String name, int index) {
      this.name = name;
      this.index = index;
    }
  }
}
