package org.concordat.adapters.fhir;

import java.io.ByteArrayInputStream;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.jspecify.annotations.Nullable;

/**
 * The gate every XML payload passes before HAPI sees it: FHIR XML never needs a DOCTYPE, and a
 * DOCTYPE is how entity expansion ("billion laughs") and external entity (XXE) attacks begin, so
 * any document with one is refused. The check is a StAX pass with DTD support and external entities
 * switched off, so nothing is fetched or expanded even while checking.
 */
public final class SafeXml {
  static final String DOCTYPE_REFUSED = "XML documents with a DOCTYPE are not accepted";

  private final XMLInputFactory factory;

  public SafeXml() {
    factory = XMLInputFactory.newFactory();
    factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
    factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
    factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
    factory.setXMLResolver(
        (publicId, systemId, baseUri, namespace) -> {
          throw new XMLStreamException(DOCTYPE_REFUSED);
        });
  }

  /**
   * Reads the whole document once.
   *
   * @throws InvalidMessageException {@link IssueKind#FORBIDDEN_XML_CONSTRUCT} for a DOCTYPE, DTD or
   *     entity reference; {@link IssueKind#MALFORMED} for XML that is not well-formed
   */
  public void check(byte[] xml) {
    @Nullable XMLStreamReader reader = null;
    try {
      reader = factory.createXMLStreamReader(new ByteArrayInputStream(xml));
      while (reader.hasNext()) {
        int event = reader.next();
        if (event == XMLStreamConstants.DTD
            || event == XMLStreamConstants.ENTITY_DECLARATION
            || event == XMLStreamConstants.ENTITY_REFERENCE
            || event == XMLStreamConstants.NOTATION_DECLARATION) {
          throw new InvalidMessageException(IssueKind.FORBIDDEN_XML_CONSTRUCT, DOCTYPE_REFUSED);
        }
      }
    } catch (XMLStreamException e) {
      if (String.valueOf(e.getMessage()).contains(DOCTYPE_REFUSED)
          || String.valueOf(e.getMessage()).contains("DOCTYPE")) {
        throw new InvalidMessageException(IssueKind.FORBIDDEN_XML_CONSTRUCT, DOCTYPE_REFUSED);
      }
      // The parser's own message can quote the document, so only its position is passed on.
      throw new InvalidMessageException(
          IssueKind.MALFORMED, "The XML is not well-formed" + position(e));
    } finally {
      close(reader);
    }
  }

  private static String position(XMLStreamException e) {
    var location = e.getLocation();
    if (location == null || location.getLineNumber() < 0) {
      return "";
    }
    return " (line " + location.getLineNumber() + ", column " + location.getColumnNumber() + ")";
  }

  private static void close(@Nullable XMLStreamReader reader) {
    if (reader != null) {
      try {
        reader.close();
      } catch (XMLStreamException e) {
        // Nothing was opened that outlives the byte array.
      }
    }
  }
}
