package org.concordat.adapters.hl7v2;

import ca.uhn.hl7v2.AcknowledgmentCode;
import ca.uhn.hl7v2.ErrorCode;
import ca.uhn.hl7v2.HL7Exception;
import ca.uhn.hl7v2.HapiContext;
import ca.uhn.hl7v2.model.Message;
import ca.uhn.hl7v2.model.v24.message.ACK;
import ca.uhn.hl7v2.util.Terser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.jspecify.annotations.Nullable;

/**
 * The HL7 v2 acknowledgements (original mode) that answer an ADT message: {@code AA} when the
 * message was stored and accepted, {@code AE} or {@code AR} with an ERR segment naming the problem
 * (HL7 table 0357 code, segment and field) when not. MSA-2 echoes the message's control id; MSA-3
 * and ERR carry Concordat's sentence, which never contains personal data. A message too broken to
 * read still gets an answer, with MSA-2 empty if its MSH cannot be read. Thread-safe.
 */
public final class AdtAcknowledgements {
  private final HapiContext hapi = AdtNotices.hapiContext();

  /** {@code AA}: stored, decided and (for at least one recipient) accepted. */
  public byte[] accepted(byte[] original, String text) {
    return answer(original, AcknowledgmentCode.AA, null, text);
  }

  /** {@code AE} or {@code AR} for a message that could not become a notice. */
  public byte[] refused(byte[] original, AdtRejectedException problem) {
    HL7Exception error =
        new HL7Exception(String.valueOf(problem.getMessage()), problem.problem().errorCode());
    if (problem.segment() != null) {
      error.setSegmentName(problem.segment());
      if (problem.field() > 0) {
        error.setFieldPosition(problem.field());
      }
    }
    return answer(
        original, problem.problem().acknowledgement(), error, String.valueOf(problem.getMessage()));
  }

  /**
   * {@code AE} (the message was stored but the pipeline rejected it or denied every recipient) or
   * {@code AR} (it could not be stored or decided now: send it again later), with an application
   * error in ERR.
   */
  public byte[] failed(byte[] original, AcknowledgmentCode code, String text) {
    if (code == AcknowledgmentCode.AA || code == AcknowledgmentCode.CA) {
      throw new IllegalArgumentException("A failure is answered with AE or AR");
    }
    return answer(
        original, code, new HL7Exception(text, ErrorCode.APPLICATION_INTERNAL_ERROR), text);
  }

  private byte[] answer(
      byte[] original, AcknowledgmentCode code, @Nullable HL7Exception error, String text) {
    try {
      Message ack = acknowledgementFor(original, code, error);
      new Terser(ack).set("/MSA-3", text);
      return hapi.getPipeParser().encode(ack).getBytes(StandardCharsets.UTF_8);
    } catch (HL7Exception | IOException e) {
      throw new IllegalStateException("Cannot build an HL7 acknowledgement", e);
    }
  }

  private Message acknowledgementFor(
      byte[] original, AcknowledgmentCode code, @Nullable HL7Exception error)
      throws HL7Exception, IOException {
    String text = Hl7v2Text.normalise(Hl7v2Text.decode(original));
    Message source = parseable(text);
    if (source == null && text.startsWith("MSH")) {
      // Only the MSH is needed to address the answer.
      source = parseable(text.substring(0, text.indexOf('\r') + 1));
    }
    if (source != null) {
      try {
        return source.generateACK(code, error);
      } catch (HL7Exception | IOException | RuntimeException e) {
        // An MSH HAPI reads but cannot answer (no version, say): answer without it.
      }
    }
    ACK ack = new ACK();
    ack.setParser(hapi.getPipeParser());
    ack.initQuickstart("ACK", null, "P");
    ack.getMSA().getAcknowledgementCode().setValue(code.name());
    if (error != null) {
      error.populateResponse(ack, code, 0);
    }
    return ack;
  }

  private @Nullable Message parseable(String text) {
    if (!text.startsWith("MSH")) {
      return null;
    }
    try {
      return hapi.getPipeParser().parse(text);
    } catch (HL7Exception | RuntimeException e) {
      return null;
    }
  }
}
