package org.concordat.broker.mapping;

import java.util.Objects;
import org.concordat.adapters.hl7v2.AdtNotices;
import org.concordat.adapters.transport.file.DroppedFileInspector;

/**
 * A sample file for {@code mapping test} (command line and {@code POST /api/mappings/test}) read
 * the way the pipeline reads what partners send: an HL7 v2 ADT file ({@code .hl7}, the rule of the
 * file drop) becomes its ADW notice through {@link AdtNotices}, exactly as {@link Hl7v2Receiver}
 * hands it to the pipeline; FHIR (R4, or a DSTU2 ADW notice) is read by the mapping engine through
 * the pipeline's {@code NoticeParser}. So an integrator tests with the files partners really send.
 */
public final class MappingSamples {
  private final AdtNotices adt;

  public MappingSamples(AdtNotices adt) {
    this.adt = Objects.requireNonNull(adt, "adt");
  }

  /** Whether a sample of this name is HL7 v2, by the rule the {@code .hl7} file drop uses. */
  public static boolean isHl7v2(String fileName) {
    return DroppedFileInspector.formatOf(fileName) == DroppedFileInspector.Format.HL7V2;
  }

  /**
   * The sample as FHIR: an HL7 v2 ADT message converted to its ADW notice (FHIR R4 JSON), anything
   * else unchanged.
   *
   * @throws org.concordat.adapters.hl7v2.AdtRejectedException when the HL7 v2 message would be
   *     refused by the broker, saying why
   */
  public byte[] asFhir(byte[] sample, String fileName) {
    return isHl7v2(fileName) ? adt.convert(sample).fhirJson() : sample;
  }
}
