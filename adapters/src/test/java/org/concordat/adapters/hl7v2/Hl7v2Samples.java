package org.concordat.adapters.hl7v2;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import org.concordat.adapters.fhir.FhirMessages;
import org.concordat.adapters.fhir.MessageFormat;
import org.concordat.adapters.fhir.NoticeParser;
import org.concordat.adapters.fhir.Notices;
import org.concordat.adapters.fhir.ParsedNotice;
import org.concordat.protocols.sharing.OdsCode;

/**
 * The HL7 v2 samples under {@code src/test/resources/hl7v2}: the NHS ITK specification's A01, A03
 * and A08 (sending facility {@code RCB}) and Concordat's own fictional A03 from Northmoor's PAS
 * ({@code RXA01}). Both facilities belong to RXA here and notify XLA001.
 */
final class Hl7v2Samples {
  static final String ITK_A01 = "nhs-itk/A01_example.txt";
  static final String ITK_A03 = "nhs-itk/A03_example.txt";
  static final String ITK_A08 = "nhs-itk/A08_example.txt";
  static final String NORTHMOOR_A03 = "northmoor/A03-RXA-discharge-9990000123.hl7";

  static final OdsCode RXA = OdsCode.of("RXA");
  static final OdsCode XLA001 = OdsCode.of("XLA001");
  static final List<AdtSender> SENDERS =
      List.of(
          new AdtSender("RCB", RXA, List.of(XLA001)), new AdtSender("RXA01", RXA, List.of(XLA001)));

  private Hl7v2Samples() {}

  static FhirMessages fhir() {
    return Notices.fhir();
  }

  static AdtNotices notices() {
    return new AdtNotices(SENDERS, fhir(), 1024 * 1024);
  }

  static String text(String name) {
    return new String(bytes(name), StandardCharsets.UTF_8);
  }

  static byte[] bytes(String name) {
    try (InputStream in =
        Objects.requireNonNull(
            Hl7v2Samples.class.getResourceAsStream("/hl7v2/" + name), "no sample " + name)) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The notice as the pipeline will read it. */
  static ParsedNotice parsed(AdtNotice notice) {
    return new NoticeParser(fhir(), NoticeParser.DEFAULT_MAX_BYTES)
        .parse(notice.fhirJson(), MessageFormat.JSON);
  }
}
