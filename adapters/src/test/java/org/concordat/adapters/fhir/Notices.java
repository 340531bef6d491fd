package org.concordat.adapters.fhir;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Objects;

/** The sample notices under {@code src/test/resources/notices}, shared by the adapter tests. */
public final class Notices {
  public static final String DISCHARGE_TO_COUNCIL = "discharge-notice-RXA-to-XLA001.json";
  public static final String DISCHARGE_TO_HOUSING_TRUST = "discharge-notice-RXA-to-XVO001.json";
  public static final String ADMISSION_XML = "admission-notice-RXA-to-XLA001.xml";

  private static final FhirMessages FHIR = new FhirMessages();

  private Notices() {}

  /** One context for all tests: building it takes most of a second. */
  public static FhirMessages fhir() {
    return FHIR;
  }

  public static String text(String name) {
    try (InputStream in =
        Objects.requireNonNull(
            Notices.class.getResourceAsStream("/notices/" + name), "no sample " + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static ParsedNotice dischargeToCouncil() {
    return new NoticeParser(FHIR, NoticeParser.DEFAULT_MAX_BYTES)
        .parse(text(DISCHARGE_TO_COUNCIL).getBytes(StandardCharsets.UTF_8), MessageFormat.JSON);
  }
}
