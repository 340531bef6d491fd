package org.concordat.adapters.fhir.validation;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.jspecify.annotations.Nullable;

/**
 * Limits on the shape of a FHIR resource, checked in one streaming pass over the raw JSON or XML
 * before it is parsed into objects or validated: how deep elements nest, how many times one element
 * repeats, and how many elements there are in all. Profile validation costs grow faster than the
 * document (20,000 repeats of one element took 45 s), so a body that no real partner system sends
 * is refused in milliseconds instead of tying up a core.
 *
 * <p>Text that is neither JSON nor XML, or is not well-formed, passes unchanged: the parser after
 * this check refuses it with its own answer. Thread-safe.
 *
 * @param maxDepth the deepest nesting of objects and arrays (JSON) or elements (XML)
 * @param maxRepeats the most items of one array (JSON), or of one element name under one parent
 *     (XML)
 * @param maxElements the most values, objects and arrays (JSON) or elements and attributes (XML)
 */
public record ElementLimits(int maxDepth, int maxRepeats, int maxElements) {
  private static final JsonFactory JSON =
      JsonFactory.builder()
          .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(10_000).build())
          .build();
  private static final XMLInputFactory XML = xmlFactory();

  public ElementLimits {
    if (maxDepth < 1 || maxRepeats < 1 || maxElements < 1) {
      throw new IllegalArgumentException("Element limits are positive");
    }
  }

  /** A body over a limit: which element, and which limit. */
  public static final class ExceededException extends RuntimeException {
    private static final long serialVersionUID = 1L;
    private final String element;

    ExceededException(String element, String message) {
      super(message);
      this.element = element;
    }

    /** The element's path, e.g. {@code Consent.provision.purpose}. */
    public String element() {
      return element;
    }
  }

  /**
   * Checks {@code body}, a resource of type {@code resourceType} (used to name elements).
   *
   * @throws ExceededException naming the first element found over a limit, and the limit
   */
  public void check(String resourceType, byte[] body) {
    int i = 0;
    while (i < body.length && skippable(body[i])) {
      i++;
    }
    if (i < body.length && body[i] == '{') {
      checkJson(resourceType, body);
    } else if (i < body.length && body[i] == '<') {
      checkXml(body);
    }
  }

  /** An open JSON object or array: its path and, for an array, how many items it has so far. */
  private static final class Frame {
    final String path;
    final boolean array;
    int items;

    Frame(String path, boolean array) {
      this.path = path;
      this.array = array;
    }
  }

  private void checkJson(String resourceType, byte[] body) {
    Deque<Frame> open = new ArrayDeque<>();
    int elements = 0;
    try (JsonParser parser = JSON.createParser(body)) {
      for (JsonToken token = parser.nextToken(); token != null; token = parser.nextToken()) {
        if (token == JsonToken.FIELD_NAME) {
          continue;
        }
        if (token.isStructEnd()) {
          open.pop();
          continue;
        }
        Frame parent = open.peek();
        String path;
        if (parent == null) {
          path = resourceType;
        } else if (parent.array) {
          // An array's items carry the array's path: FHIR names repeats, not their positions.
          path = parent.path;
          if (++parent.items > maxRepeats) {
            throw repeats(parent.path);
          }
        } else {
          path = parent.path + "." + parser.currentName();
        }
        if (++elements > maxElements) {
          throw total(resourceType);
        }
        if (token.isStructStart()) {
          if (open.size() + 1 > maxDepth) {
            throw depth(path);
          }
          open.push(new Frame(path, token == JsonToken.START_ARRAY));
        }
      }
    } catch (JsonProcessingException e) {
      return; // not well-formed: the parser after this check says so
    } catch (IOException e) {
      throw new UncheckedIOException("Reading a byte array failed", e);
    }
  }

  private void checkXml(byte[] body) {
    Deque<String> paths = new ArrayDeque<>();
    Deque<Map<String, Integer>> children = new ArrayDeque<>();
    int elements = 0;
    @Nullable XMLStreamReader reader = null;
    try {
      reader = XML.createXMLStreamReader(new ByteArrayInputStream(body));
      while (reader.hasNext()) {
        int event = reader.next();
        if (event == XMLStreamConstants.START_ELEMENT) {
          String name = reader.getLocalName();
          String path = paths.isEmpty() ? name : paths.peek() + "." + name;
          Map<String, Integer> siblings = children.peek();
          if (siblings != null && siblings.merge(name, 1, Integer::sum) > maxRepeats) {
            throw repeats(path);
          }
          elements += 1 + reader.getAttributeCount();
          if (elements > maxElements) {
            throw total(paths.isEmpty() ? name : paths.getLast());
          }
          if (paths.size() + 1 > maxDepth) {
            throw depth(path);
          }
          paths.push(path);
          children.push(new HashMap<>());
        } else if (event == XMLStreamConstants.END_ELEMENT) {
          paths.pop();
          children.pop();
        }
      }
    } catch (XMLStreamException e) {
      return; // not well-formed, or a DOCTYPE: the parser after this check says so
    } finally {
      if (reader != null) {
        try {
          reader.close();
        } catch (XMLStreamException e) {
          // nothing was opened that needs closing
        }
      }
    }
  }

  /** White space and the bytes of a UTF-8 byte order mark. */
  private static boolean skippable(byte b) {
    int c = b & 0xff;
    return c == ' ' || c == '\n' || c == '\r' || c == '\t' || c == 0xef || c == 0xbb || c == 0xbf;
  }

  private ExceededException repeats(String path) {
    return new ExceededException(
        path,
        path
            + " repeats more than "
            + maxRepeats
            + " times; the most accepted is "
            + maxRepeats
            + ", so the resource was refused before validation.");
  }

  private ExceededException depth(String path) {
    return new ExceededException(
        path,
        path
            + " is nested more than "
            + maxDepth
            + " levels deep; the deepest accepted is "
            + maxDepth
            + ", so the resource was refused before validation.");
  }

  private ExceededException total(String resourceType) {
    return new ExceededException(
        resourceType,
        resourceType
            + " has more than "
            + maxElements
            + " elements; the most accepted is "
            + maxElements
            + ", so the resource was refused before validation.");
  }

  private static XMLInputFactory xmlFactory() {
    XMLInputFactory factory = XMLInputFactory.newFactory();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
    return factory;
  }
}
