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
 * The one pass over the raw body of a FHIR resource before any FHIR parser, validator or
 * translation sees it, so that hostile input costs a known amount and is refused with a reason that
 * names the element. Inbound notices are screened with {@link Limits#DEFAULT}; a Consent sent to
 * the FHIR API with stricter limits, because UK Core validation costs grow faster than the document
 * (20,000 repeats of one purpose once took 45 seconds):
 *
 * <ul>
 *   <li>JSON objects with a key given twice are refused ({@link IssueKind#DUPLICATE_KEY}): a parser
 *       would keep the last one silently, so what a partner's system shows and what the broker
 *       reads (the NHS number, say) could differ;
 *   <li>a text value longer than {@link Limits#maxTextChars}, an element repeated more than {@link
 *       Limits#maxRepeats} times, nesting deeper than {@link Limits#maxDepth} and more than {@link
 *       Limits#maxElements} elements in all are refused ({@link IssueKind#LIMIT_EXCEEDED});
 *   <li>a base64Binary value (R4 {@code Attachment.data}, {@code Binary.data}, {@code
 *       Signature.data}; DSTU2 {@code Binary.content}) is exempt from the text limit, since a
 *       scanned form or a document is legitimately long and the body size limit bounds it, but
 *       holding anything other than base64 characters and white space it is refused ({@link
 *       IssueKind#INVALID_TEXT}). The element is known by its name: {@code data} anywhere except in
 *       a {@code SampledData} (whose data is decimals), and {@code content} in a Binary resource
 *       (in JSON, one whose {@code resourceType} comes before it, as FHIR recommends);
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
   * @param maxElements the most values, objects and arrays (JSON) or elements and attributes (XML)
   *     in the whole body
   */
  public record Limits(int maxTextChars, int maxRepeats, int maxDepth, int maxElements) {
    /**
     * 10,000 characters, 1,000 repeats, 48 levels, 100,000 elements: far above any real notice (the
     * largest official ADW example has fewer than 700 elements and attributes).
     */
    public static final Limits DEFAULT = new Limits(10_000, 1_000, 48, 100_000);

    public Limits {
      if (maxTextChars < 1 || maxRepeats < 1 || maxDepth < 1 || maxElements < 1) {
        throw new IllegalArgumentException("Body limits are positive");
      }
    }
  }

  private static final Pattern DUPLICATE = Pattern.compile("Duplicate field '([^']*)'");
  private static final String FHIR_NAMESPACE = "http://hl7.org/fhir";
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
    int elements = 0;
    try (JsonParser parser = json.createParser(body)) {
      JsonToken token;
      while ((token = parser.nextToken()) != null) {
        if (token != JsonToken.FIELD_NAME
            && !token.isStructEnd()
            && ++elements > limits.maxElements()) {
          throw tooManyElements(path.isEmpty() ? null : path.getLast().resourceType);
        }
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
            String value = parser.getText();
            Level object = path.peek();
            if (object != null && !object.array && "resourceType".equals(object.name)) {
              object.resourceType = value;
            }
            if (base64Json(path)) {
              base64(value, render(path));
            } else {
              text(value, path, false);
            }
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
        throw tooManyRepeats(render(path).replaceFirst("\\[\\d+\\]$", ""));
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

  /**
   * Whether the string value about to be read is a base64Binary element: {@code data} in any object
   * but a SampledData, or {@code content} in a Binary resource.
   */
  private static boolean base64Json(Deque<Level> path) {
    Level object = path.peek();
    if (object == null || object.array || object.name == null) {
      return false;
    }
    if ("content".equals(object.name)) {
      return "Binary".equals(object.resourceType);
    }
    if (!"data".equals(object.name)) {
      return false;
    }
    var outer = path.iterator();
    outer.next();
    while (outer.hasNext()) {
      Level level = outer.next();
      if (!level.array) {
        return level.name == null || !level.name.endsWith("SampledData");
      }
    }
    return true;
  }

  /** Refuses a base64Binary value holding anything but base64 characters and white space. */
  private static void base64(String value, String where) {
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      boolean allowed =
          (c >= 'A' && c <= 'Z')
              || (c >= 'a' && c <= 'z')
              || (c >= '0' && c <= '9')
              || c == '+'
              || c == '/'
              || c == '='
              || c == ' '
              || c == '\t'
              || c == '\r'
              || c == '\n';
      if (!allowed) {
        throw new InvalidMessageException(
            IssueKind.INVALID_TEXT,
            "The value of "
                + where
                + " is not base64: a base64Binary element holds only the letters A to Z and a to"
                + " z, the digits, '+', '/', '=' and white space");
      }
    }
  }

  private InvalidMessageException tooManyRepeats(String element) {
    return new InvalidMessageException(
        IssueKind.LIMIT_EXCEEDED,
        element
            + " repeats more than "
            + limits.maxRepeats()
            + " times; at most "
            + limits.maxRepeats()
            + " are accepted");
  }

  private InvalidMessageException tooManyElements(@Nullable String resource) {
    String name =
        resource != null && PLAIN_NAME.matcher(resource).matches() ? resource : "The body";
    return new InvalidMessageException(
        IssueKind.LIMIT_EXCEEDED,
        name
            + " has more than "
            + limits.maxElements()
            + " elements; at most "
            + limits.maxElements()
            + " are accepted");
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

  /**
   * The path of the innermost value, like {@code Bundle.entry[2].resource.name[0].family}: the
   * resource type at the top once its {@code resourceType} has been read.
   */
  private static String render(Deque<Level> path) {
    StringBuilder text = new StringBuilder();
    Level root = path.peekLast();
    if (root != null
        && root.resourceType != null
        && PLAIN_NAME.matcher(root.resourceType).matches()) {
      text.append(root.resourceType);
    }
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
    @Nullable String resourceType;
    int index = -1;

    Level(boolean array) {
      this.array = array;
    }
  }

  // ---- XML ----

  private void checkXml(byte[] body) {
    Deque<XmlLevel> path = new ArrayDeque<>();
    int elements = 0;
    XMLStreamReader reader = null;
    try {
      reader = xml.createXMLStreamReader(new ByteArrayInputStream(body));
      while (reader.hasNext()) {
        int event = reader.next();
        switch (event) {
          case XMLStreamConstants.START_ELEMENT -> {
            String name = reader.getLocalName();
            XmlLevel parent = path.peek();
            elements += 1 + reader.getAttributeCount();
            if (elements > limits.maxElements()) {
              throw tooManyElements(path.isEmpty() ? name : path.getLast().name);
            }
            int index = 0;
            if (parent != null) {
              index = parent.children.merge(name, 1, Integer::sum) - 1;
              if (index >= limits.maxRepeats()) {
                throw tooManyRepeats(
                    xmlPath(path) + "." + (PLAIN_NAME.matcher(name).matches() ? name : "?"));
              }
            }
            boolean base64 =
                parent != null
                    && FHIR_NAMESPACE.equals(reader.getNamespaceURI())
                    && (("data".equals(name) && !parent.name.endsWith("SampledData"))
                        || ("content".equals(name) && "Binary".equals(parent.name)));
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
              String where = xmlPath(path) + "@" + reader.getAttributeLocalName(i);
              if (base64 && "value".equals(reader.getAttributeLocalName(i))) {
                base64(reader.getAttributeValue(i), where);
              } else {
                xmlText(reader.getAttributeValue(i), where);
              }
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
