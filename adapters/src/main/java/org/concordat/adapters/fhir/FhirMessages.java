package org.concordat.adapters.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import org.hl7.fhir.instance.model.api.IBaseResource;

/**
 * The broker's one FHIR R4 context. A {@link FhirContext} scans the whole R4 model when it is
 * created (hundreds of milliseconds and many megabytes) and is thread-safe afterwards, so create
 * one {@code FhirMessages} at start-up and share it; parsers are cheap but not thread-safe, so take
 * a new one for each message.
 */
public final class FhirMessages {
  private final FhirContext context;

  /** Builds the R4 context: call once per application. */
  public FhirMessages() {
    this.context = FhirContext.forR4();
  }

  public FhirContext context() {
    return context;
  }

  /**
   * A new parser for {@code format} that refuses structural problems (unknown elements, invalid
   * primitive values, repeated single elements) with messages that never quote the offending value.
   * References keep the ids written in the document rather than the entries' full URLs.
   */
  public IParser strictParser(MessageFormat format) {
    IParser parser =
        switch (format) {
          case JSON -> context.newJsonParser();
          case XML -> context.newXmlParser();
        };
    parser.setParserErrorHandler(new StructureErrorHandler());
    parser.setOverrideResourceIdWithBundleEntryFullUrl(false);
    return parser;
  }

  /** {@code resource} as compact JSON, for replies and stored copies. */
  public String toJson(IBaseResource resource) {
    return context.newJsonParser().encodeResourceToString(resource);
  }
}
