package org.concordat.adapters.fhir;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.IParser;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.jspecify.annotations.Nullable;

/**
 * The broker's one FHIR R4 context. A {@link FhirContext} scans the whole R4 model when it is
 * created (hundreds of milliseconds and many megabytes) and is thread-safe afterwards, so create
 * one {@code FhirMessages} at start-up and share it; parsers are cheap but not thread-safe, so take
 * a new one for each message.
 *
 * <p>ADW notices also arrive in their official FHIR DSTU2 form; the DSTU2 context that reads them
 * (HAPI's hl7org model, which the DSTU2 to R4 converters use) is built on the first such message,
 * so a broker that never sees one never pays for it.
 */
public final class FhirMessages {
  private final FhirContext context;
  private volatile @Nullable FhirContext dstu2;

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

  /**
   * Like {@link #strictParser} for FHIR DSTU2 (the hl7org model, {@code org.hl7.fhir.dstu2.model}),
   * the release of the official ADW messages.
   */
  public IParser strictDstu2Parser(MessageFormat format) {
    FhirContext dstu2Context = dstu2Context();
    IParser parser =
        switch (format) {
          case JSON -> dstu2Context.newJsonParser();
          case XML -> dstu2Context.newXmlParser();
        };
    parser.setParserErrorHandler(new StructureErrorHandler("DSTU2"));
    parser.setOverrideResourceIdWithBundleEntryFullUrl(false);
    return parser;
  }

  private FhirContext dstu2Context() {
    FhirContext built = dstu2;
    if (built == null) {
      synchronized (this) {
        built = dstu2;
        if (built == null) {
          built = FhirContext.forDstu2Hl7Org();
          dstu2 = built;
        }
      }
    }
    return built;
  }

  /** {@code resource} as compact JSON, for replies and stored copies. */
  public String toJson(IBaseResource resource) {
    return context.newJsonParser().encodeResourceToString(resource);
  }
}
