package org.concordat.adapters.mapping;

import ca.uhn.fhir.fhirpath.IFhirPath;
import java.time.format.DateTimeFormatter;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * One field of a local format and its FHIR counterparts.
 *
 * @param name the field's name, used in problems and as {@link LocalRecord} key
 * @param at where the field is in the local format: a CSV column header, a JSON Pointer, or an XML
 *     element path relative to the record ({@code person/nhsNumber}, {@code @id})
 * @param in where the value is written going in, or null if the field is not used going in
 * @param outPath where the value is read going out, as an element path of a declared resource
 * @param outResource the resource {@code outPath} starts from
 * @param outExpression a FHIRPath over the whole input going out, instead of {@code outPath}
 * @param inResource the resource {@code in} writes into
 * @param dateFormat the local date or date-time pattern, for date types
 * @param formatText the format as written in the mapping, for messages
 * @param nameFormat the order of the parts of a person's name, for the name type
 */
record Field(
    String name,
    String at,
    @Nullable String inResource,
    @Nullable ElementPath in,
    @Nullable String outResource,
    @Nullable ElementPath outPath,
    IFhirPath.@Nullable IParsedExpression outExpression,
    @Nullable String outText,
    ValueType type,
    @Nullable DateTimeFormatter dateFormat,
    @Nullable String formatText,
    @Nullable NameFormat nameFormat,
    boolean spacedNhsNumber,
    @Nullable CodeTable codes,
    boolean required,
    @Nullable String separator,
    int maxLength,
    @Nullable Pattern pattern) {

  /** An {@code out} that is a bare caller variable. */
  static final Pattern VARIABLE = Pattern.compile("%[A-Za-z][A-Za-z0-9_]*");

  /** How a field's value is checked and converted. */
  enum ValueType {
    STRING("string"),
    NHS_NUMBER("nhs-number"),
    DATE("date"),
    DATE_TIME("date-time"),
    NAME("name");

    final String wireName;

    ValueType(String wireName) {
      this.wireName = wireName;
    }
  }

  /** The two orders a whole name is written in. */
  enum NameFormat {
    /** {@code Margaret Ellen Ashworth}: the last word is the family name. */
    GIVEN_FAMILY("given family"),
    /** {@code Ashworth, Margaret Ellen}: family name, a comma, then given names. */
    FAMILY_COMMA_GIVEN("family, given");

    final String wireName;

    NameFormat(String wireName) {
      this.wireName = wireName;
    }
  }

  boolean goesIn() {
    return in != null;
  }

  boolean goesOut() {
    return outPath != null || outExpression != null;
  }

  /** The caller's variable this field takes going out ({@code out: "%ledgerIndex"}), or null. */
  @Nullable String variable() {
    if (outText == null) {
      return null;
    }
    String text = outText.strip();
    return VARIABLE.matcher(text).matches() ? text.substring(1) : null;
  }
}
