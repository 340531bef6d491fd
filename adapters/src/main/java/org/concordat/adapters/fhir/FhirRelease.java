package org.concordat.adapters.fhir;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.jspecify.annotations.Nullable;

/**
 * The FHIR release a message Bundle is written in, told from its MessageHeader: DSTU2 names the
 * event {@code event} and has {@code timestamp}, {@code receiver} and {@code data}, which R4
 * renamed or moved ({@code eventCoding}, {@code Bundle.timestamp}, {@code destination.receiver},
 * {@code focus}). Only the first entry is read, with a streaming parser, so the cost is small
 * beside the full parse that follows. Anything that is not clearly DSTU2 is R4, whose parser then
 * reports what is wrong with it.
 */
enum FhirRelease {
  R4,
  DSTU2;

  private static final Set<String> DSTU2_ONLY = Set.of("event", "timestamp", "receiver", "data");
  private static final JsonFactory JSON = new JsonFactory();
  private static final XMLInputFactory XML = secureXml();
  private static final List<String> ENTRY_RESOURCE = List.of("entry", "resource");
  private static final List<String> ENTRY_RESOURCE_HEADER =
      List.of("entry", "resource", "MessageHeader");

  /** The release of {@code text}, which must already have passed {@link SafeXml} if it is XML. */
  static FhirRelease of(String text, MessageFormat format) {
    Set<String> headerElements =
        switch (format) {
          case JSON -> firstResourceElementsJson(text);
          case XML -> firstResourceElementsXml(text);
        };
    return headerElements != null && headerElements.stream().anyMatch(DSTU2_ONLY::contains)
        ? DSTU2
        : R4;
  }

  /** The field names of {@code entry[0].resource} when it is a MessageHeader. */
  private static @Nullable Set<String> firstResourceElementsJson(String text) {
    try (JsonParser parser = JSON.createParser(text)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        if ("entry".equals(field) && value == JsonToken.START_ARRAY) {
          if (parser.nextToken() != JsonToken.START_OBJECT) {
            return null;
          }
          while (parser.nextToken() == JsonToken.FIELD_NAME) {
            String entryField = parser.currentName();
            JsonToken entryValue = parser.nextToken();
            if ("resource".equals(entryField) && entryValue == JsonToken.START_OBJECT) {
              return messageHeaderFieldsJson(parser);
            }
            parser.skipChildren();
          }
          return null;
        }
        parser.skipChildren();
      }
    } catch (IOException e) {
      // Not well-formed JSON: the R4 parser says so in its own terms.
    }
    return null;
  }

  private static @Nullable Set<String> messageHeaderFieldsJson(JsonParser parser)
      throws IOException {
    Set<String> fields = new HashSet<>();
    String resourceType = null;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String field = parser.currentName();
      JsonToken value = parser.nextToken();
      if ("resourceType".equals(field) && value == JsonToken.VALUE_STRING) {
        resourceType = parser.getText();
      }
      fields.add(field);
      parser.skipChildren();
    }
    return "MessageHeader".equals(resourceType) ? fields : null;
  }

  /** The child element names of {@code Bundle/entry[1]/resource/MessageHeader}. */
  private static @Nullable Set<String> firstResourceElementsXml(String text) {
    XMLStreamReader reader = null;
    try {
      reader = XML.createXMLStreamReader(new StringReader(text));
      List<String> path = new ArrayList<>();
      Set<String> children = new HashSet<>();
      while (reader.hasNext()) {
        int event = reader.next();
        if (event == XMLStreamConstants.START_ELEMENT) {
          path.add(reader.getLocalName());
          if (path.size() == 4 && path.subList(1, 3).equals(ENTRY_RESOURCE)) {
            if (!"MessageHeader".equals(path.get(3))) {
              return null;
            }
          } else if (path.size() == 5 && path.subList(1, 4).equals(ENTRY_RESOURCE_HEADER)) {
            children.add(path.get(4));
          }
        } else if (event == XMLStreamConstants.END_ELEMENT) {
          String closed = path.remove(path.size() - 1);
          if (path.size() == 1 && "entry".equals(closed)) {
            return children.isEmpty() ? null : children;
          }
        }
      }
    } catch (XMLStreamException e) {
      // Not well-formed: the R4 parser reports it.
    } finally {
      if (reader != null) {
        try {
          reader.close();
        } catch (XMLStreamException e) {
          // Nothing outlives the string.
        }
      }
    }
    return null;
  }

  private static XMLInputFactory secureXml() {
    XMLInputFactory factory = XMLInputFactory.newFactory();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    return factory;
  }
}
