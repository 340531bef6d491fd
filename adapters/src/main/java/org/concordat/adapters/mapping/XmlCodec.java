package org.concordat.adapters.mapping;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.concordat.adapters.fhir.InvalidMessageException;
import org.concordat.adapters.fhir.SafeXml;
import org.jspecify.annotations.Nullable;

/**
 * XML records: the document element is the record ({@code records: single}), or holds one record
 * element per record. A field is at element names joined by {@code /} below the record, optionally
 * ending in an attribute ({@code person/@id}); namespaces are ignored (local names only).
 *
 * <p>Every document first passes {@link SafeXml}: a DOCTYPE, DTD or entity is refused before it is
 * read, and the reader itself has DTD support and external entities switched off.
 */
final class XmlCodec implements LocalCodec {
  private static final int MAX_DEPTH = 64;
  private static final XMLInputFactory FACTORY = factory();

  private static XMLInputFactory factory() {
    XMLInputFactory factory = XMLInputFactory.newFactory();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
    factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
    return factory;
  }

  /** A parsed element: local name, attributes, child elements and its own text. */
  private static final class Element {
    final String name;
    final Map<String, String> attributes = new LinkedHashMap<>();
    final List<Element> children = new ArrayList<>();
    final StringBuilder text = new StringBuilder();

    Element(String name) {
      this.name = name;
    }

    @Nullable Element child(String name) {
      for (Element child : children) {
        if (child.name.equals(name)) {
          return child;
        }
      }
      return null;
    }
  }

  @Override
  public Parsed read(String text, Mapping mapping, MappingLimits limits) {
    try {
      new SafeXml().check(text.getBytes(StandardCharsets.UTF_8));
    } catch (InvalidMessageException e) {
      return Parsed.refused(e.getMessage() + ".");
    }
    Element root;
    try {
      root = parse(text);
    } catch (XMLStreamException | IllegalStateException e) {
      return Parsed.refused(
          "The file is not well-formed XML"
              + (e instanceof XMLStreamException x && x.getLocation() != null
                  ? " (line " + x.getLocation().getLineNumber() + ")"
                  : "")
              + ".");
    }
    LocalFormat format = mapping.format();
    if (format.root() != null && !root.name.equals(format.root())) {
      return Parsed.refused(
          "The document element is <"
              + root.name
              + ">; the mapping expects <"
              + format.root()
              + ">.");
    }
    List<Element> items = new ArrayList<>();
    if (format.many()) {
      for (Element child : root.children) {
        if (child.name.equals(format.record())) {
          items.add(child);
        }
      }
      if (items.size() > limits.maxRecords()) {
        return Parsed.refused(
            "The file holds "
                + items.size()
                + " records; the limit for this mapping is "
                + limits.maxRecords()
                + ".");
      }
    } else {
      items.add(root);
    }
    List<RawRecord> records = new ArrayList<>();
    for (int i = 0; i < items.size(); i++) {
      int number = i + 1;
      Map<String, String> values = new LinkedHashMap<>();
      List<MappingProblem> problems = new ArrayList<>();
      for (Field field : mapping.fields()) {
        String value = valueAt(items.get(i), field.at());
        if (value == null || value.isEmpty()) {
          continue;
        }
        if (value.length() > limits.maxValueChars()) {
          problems.add(
              MappingProblem.error(
                  number,
                  field.name(),
                  "The value is longer than " + limits.maxValueChars() + " characters."));
          continue;
        }
        values.put(field.name(), value);
      }
      records.add(new RawRecord(number, values, problems));
    }
    return new Parsed(records, List.of());
  }

  private static @Nullable String valueAt(Element record, String path) {
    String[] parts = path.split("/");
    Element current = record;
    for (int i = 0; i < parts.length; i++) {
      String part = parts[i];
      if (part.startsWith("@")) {
        return current.attributes.get(part.substring(1));
      }
      current = current.child(part);
      if (current == null) {
        return null;
      }
    }
    return current.children.isEmpty() ? current.text.toString().strip() : null;
  }

  private static Element parse(String text) throws XMLStreamException {
    XMLStreamReader reader = FACTORY.createXMLStreamReader(new StringReader(text));
    try {
      List<Element> stack = new ArrayList<>();
      Element root = null;
      while (reader.hasNext()) {
        int event = reader.next();
        switch (event) {
          case XMLStreamConstants.START_ELEMENT -> {
            if (stack.size() >= MAX_DEPTH) {
              throw new XMLStreamException(
                  "The XML is nested more than " + MAX_DEPTH + " deep", reader.getLocation());
            }
            Element element = new Element(reader.getLocalName());
            for (int a = 0; a < reader.getAttributeCount(); a++) {
              element.attributes.put(reader.getAttributeLocalName(a), reader.getAttributeValue(a));
            }
            if (stack.isEmpty()) {
              root = element;
            } else {
              stack.get(stack.size() - 1).children.add(element);
            }
            stack.add(element);
          }
          case XMLStreamConstants.END_ELEMENT -> stack.remove(stack.size() - 1);
          case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA -> {
            if (!stack.isEmpty()) {
              stack.get(stack.size() - 1).text.append(reader.getText());
            }
          }
          default -> {
            // comments, processing instructions and whitespace outside the root carry no values
          }
        }
      }
      if (root == null) {
        throw new XMLStreamException("The document has no element");
      }
      return root;
    } finally {
      reader.close();
    }
  }

  // ---- writing -------------------------------------------------------------------------------

  /** An element being built for output. */
  private static final class Node {
    final String name;
    final Map<String, String> attributes = new LinkedHashMap<>();
    final Map<String, Node> children = new LinkedHashMap<>();
    @Nullable String text;

    Node(String name) {
      this.name = name;
    }
  }

  @Override
  public byte[] write(Mapping mapping, List<LocalRecord> records) {
    LocalFormat format = mapping.format();
    String rootName = format.root() == null ? "records" : format.root();
    StringBuilder xml = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    if (format.many()) {
      xml.append('<').append(rootName).append(">\n");
      for (LocalRecord record : records) {
        write(xml, node(mapping, record, format.record() == null ? "record" : format.record()), 1);
      }
      xml.append("</").append(rootName).append(">\n");
    } else if (!records.isEmpty()) {
      write(xml, node(mapping, records.get(0), rootName), 0);
    } else {
      xml.append('<').append(rootName).append("/>\n");
    }
    return xml.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static Node node(Mapping mapping, LocalRecord record, String name) {
    Node top = new Node(name);
    for (Field field : mapping.fields()) {
      String value = record.get(field.name());
      if (value == null) {
        continue;
      }
      String[] parts = field.at().split("/");
      Node current = top;
      for (int i = 0; i < parts.length; i++) {
        String part = parts[i];
        if (part.startsWith("@")) {
          current.attributes.put(part.substring(1), value);
          break;
        }
        current = current.children.computeIfAbsent(part, Node::new);
        if (i == parts.length - 1) {
          current.text = value;
        }
      }
    }
    return top;
  }

  private static void write(StringBuilder xml, Node node, int depth) {
    xml.append("  ".repeat(depth)).append('<').append(node.name);
    node.attributes.forEach(
        (name, value) ->
            xml.append(' ').append(name).append("=\"").append(escape(value)).append('"'));
    if (node.children.isEmpty() && node.text == null) {
      xml.append("/>\n");
      return;
    }
    xml.append('>');
    if (node.text != null && node.children.isEmpty()) {
      xml.append(escape(node.text)).append("</").append(node.name).append(">\n");
      return;
    }
    xml.append('\n');
    for (Node child : node.children.values()) {
      write(xml, child, depth + 1);
    }
    xml.append("  ".repeat(depth)).append("</").append(node.name).append(">\n");
  }

  /** Escapes markup; characters XML 1.0 cannot carry at all are dropped. */
  static String escape(String text) {
    StringBuilder out = new StringBuilder(text.length() + 8);
    text.codePoints()
        .forEach(
            c -> {
              switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\r' -> out.append("&#13;");
                default -> {
                  if (c == '\t' || c == '\n' || (c >= 0x20 && c != 0xFFFE && c != 0xFFFF)) {
                    out.appendCodePoint(c);
                  }
                }
              }
            });
    return out.toString();
  }
}
