package org.concordat.adapters.mapping;

import java.util.Locale;

/** Which way a record is translated: out of FHIR into the local format, or in from it. */
public enum MappingDirection {
  /** FHIR R4 → the local format. */
  OUT,
  /** The local format → FHIR R4. */
  IN;

  /** {@code out} or {@code in}, as the command line and the API write it. */
  public String wireName() {
    return name().toLowerCase(Locale.ROOT);
  }

  /**
   * @throws IllegalArgumentException for anything but {@code out} or {@code in}
   */
  public static MappingDirection of(String text) {
    return switch (text.strip().toLowerCase(Locale.ROOT)) {
      case "out" -> OUT;
      case "in" -> IN;
      default ->
          throw new IllegalArgumentException(
              "The direction is 'out' (FHIR to the local format) or 'in' (the local format to FHIR)");
    };
  }
}
