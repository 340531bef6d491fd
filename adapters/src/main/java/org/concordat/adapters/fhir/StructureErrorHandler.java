package org.concordat.adapters.fhir;

import ca.uhn.fhir.parser.DataFormatException;
import ca.uhn.fhir.parser.IParserErrorHandler;
import ca.uhn.fhir.parser.json.BaseJsonLikeValue.ScalarType;
import ca.uhn.fhir.parser.json.BaseJsonLikeValue.ValueType;
import org.jspecify.annotations.Nullable;

/**
 * A strict HAPI error handler, like {@code StrictErrorHandler}, whose messages name the element but
 * never quote its value: HAPI's own messages include invalid values (a malformed birth date, say),
 * which are personal data.
 */
final class StructureErrorHandler implements IParserErrorHandler {
  private final String release;

  /** For FHIR R4, the release of every message the broker acts on. */
  StructureErrorHandler() {
    this("R4");
  }

  /**
   * @param release the FHIR release being parsed ({@code R4}, {@code DSTU2}), named in messages
   */
  StructureErrorHandler(String release) {
    this.release = release;
  }

  /** A structural problem whose message is safe to show and log. */
  static final class StructureProblem extends DataFormatException {
    private static final long serialVersionUID = 1L;

    StructureProblem(String message) {
      super(message);
    }
  }

  @Override
  public void containedResourceWithNoId(@Nullable IParseLocation location) {
    throw problem("A contained resource has no id", location);
  }

  @Override
  public void incorrectJsonType(
      @Nullable IParseLocation location,
      @Nullable String elementName,
      @Nullable ValueType expectedValueType,
      @Nullable ScalarType expectedScalarType,
      @Nullable ValueType foundValueType,
      @Nullable ScalarType foundScalarType) {
    throw problem(
        "The element '"
            + elementName
            + "' has JSON type "
            + describe(foundValueType, foundScalarType)
            + " where "
            + describe(expectedValueType, expectedScalarType)
            + " is expected",
        location);
  }

  @Override
  public void invalidValue(
      @Nullable IParseLocation location, @Nullable String value, @Nullable String error) {
    throw problem("An element has a value that is not valid for its FHIR type", location);
  }

  @Override
  public void missingRequiredElement(
      @Nullable IParseLocation location, @Nullable String elementName) {
    throw problem("The required element '" + elementName + "' is missing", location);
  }

  @Override
  public void unexpectedRepeatingElement(
      @Nullable IParseLocation location, @Nullable String elementName) {
    throw problem("The element '" + elementName + "' repeats but may occur only once", location);
  }

  @Override
  public void unknownAttribute(@Nullable IParseLocation location, @Nullable String attributeName) {
    throw problem("The attribute '" + attributeName + "' is not part of FHIR " + release, location);
  }

  @Override
  public void unknownElement(@Nullable IParseLocation location, @Nullable String elementName) {
    throw problem("The element '" + elementName + "' is not part of FHIR " + release, location);
  }

  @Override
  public void unknownReference(@Nullable IParseLocation location, @Nullable String reference) {
    throw problem("A reference to a contained resource does not resolve", location);
  }

  @Override
  public void invalidInternalReference(
      @Nullable IParseLocation location, @Nullable String reference) {
    throw problem("A reference to a contained resource is not valid", location);
  }

  @Override
  public void extensionContainsValueAndNestedExtensions(@Nullable IParseLocation location) {
    throw problem("An extension has both a value and nested extensions", location);
  }

  private static StructureProblem problem(String sentence, @Nullable IParseLocation location) {
    String parent = location == null ? null : location.getParentElementName();
    return new StructureProblem(parent == null ? sentence : sentence + " (in " + parent + ")");
  }

  private static String describe(@Nullable ValueType valueType, @Nullable ScalarType scalarType) {
    String value = valueType == null ? "unknown" : valueType.name().toLowerCase();
    return scalarType == null ? value : value + " (" + scalarType.name().toLowerCase() + ")";
  }
}
