package org.concordat.broker.disclosure;

import ca.uhn.hl7v2.AcknowledgmentCode;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.apache.camel.Headers;
import org.concordat.adapters.hl7v2.AdtAcknowledgements;
import org.concordat.adapters.hl7v2.AdtNotice;
import org.concordat.adapters.hl7v2.AdtNotices;
import org.concordat.adapters.hl7v2.AdtRejectedException;
import org.concordat.adapters.logging.LogSafe;
import org.concordat.adapters.transport.file.FileDropHeaders;
import org.concordat.adapters.transport.file.FileRejectedException;
import org.concordat.adapters.transport.mllp.Hl7v2RouteTemplates;
import org.concordat.protocols.decision.Reason;
import org.concordat.protocols.sharing.OdsCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HL7 v2 transports' entry into the pipeline, called by the {@code concordat-mllp-inbound} and
 * {@code concordat-file-inbound} (for {@code .hl7} files) route templates. Each ADT message is
 * converted to its ADW notice ({@link AdtNotices}) and the FHIR R4 notice runs through {@link
 * DisclosurePipeline} like any other: it is the notice that is stored, decided and recorded.
 *
 * <p>Over MLLP every message is answered with an HL7 acknowledgement: {@code AA} once it is stored
 * and at least one recipient is permitted; {@code AE} with an ERR segment when it cannot be
 * converted (malformed, no NHS number), when the pipeline rejects it, or when every recipient is
 * denied; {@code AR} for a message type, event or sending facility this broker does not take, and
 * when it could not be stored or decided now (send it again later).
 *
 * <p>A message is known by its sending facility and control id (MSH-4, MSH-10; the converted
 * notice's {@code MessageHeader.id} is derived from them): a repeat of one already decided is
 * answered with the original acknowledgement (the same code and text, with the original ledger
 * indexes) and discloses nothing; another message under a control id already used gets {@code AR}.
 */
class Hl7v2Receiver {
  private static final Logger log = LoggerFactory.getLogger(Hl7v2Receiver.class);

  private final AdtNotices notices;
  private final AdtAcknowledgements acknowledgements;
  private final DisclosurePipeline pipeline;
  private final FileDropReceiver files;
  private final Clock clock;

  public Hl7v2Receiver(
      AdtNotices notices,
      AdtAcknowledgements acknowledgements,
      DisclosurePipeline pipeline,
      FileDropReceiver files,
      Clock clock) {
    this.notices = notices;
    this.acknowledgements = acknowledgements;
    this.pipeline = pipeline;
    this.files = files;
    this.clock = clock;
  }

  /** One message received over MLLP; the answer is the acknowledgement to send back. */
  public byte[] receiveMllp(byte[] body, @Header(Hl7v2RouteTemplates.PARTNER) String partner) {
    AdtNotice notice;
    try {
      notice = notices.convert(body);
    } catch (AdtRejectedException e) {
      log.info("HL7 v2 message over MLLP for {} refused: {}", partner, e.problem());
      return acknowledgements.refused(body, e);
    }
    ReceiveOutcome outcome;
    try {
      outcome =
          pipeline.receive(
              new InboundMessage(
                  OdsCode.of(partner),
                  InboundMessage.Transport.MLLP,
                  sourceName(notice),
                  AdtNotice.CONTENT_TYPE,
                  notice.fhirJson(),
                  clock.instant()));
    } catch (RuntimeException e) {
      log.warn(
          "HL7 v2 message {} for {} could not be stored or decided",
          LogSafe.field(notice.controlId()),
          partner,
          LogSafe.withoutMessages(e));
      return acknowledgements.failed(
          body,
          AcknowledgmentCode.AR,
          "The message could not be stored or decided now, so nothing was disclosed; send it"
              + " again later");
    }
    if (outcome instanceof ReceiveOutcome.Accepted accepted) {
      return acknowledgements.accepted(body, summary(accepted.messageId(), accepted.decisions()));
    }
    if (outcome instanceof ReceiveOutcome.Denied denied) {
      return acknowledgements.failed(
          body, AcknowledgmentCode.AE, summary(denied.messageId(), denied.decisions()));
    }
    ReceiveOutcome.Rejected rejected = (ReceiveOutcome.Rejected) outcome;
    return acknowledgements.failed(
        body,
        rejected.kind() == ReceiveOutcome.Rejection.DUPLICATE_MESSAGE_ID
            ? AcknowledgmentCode.AR
            : AcknowledgmentCode.AE,
        "Rejected ("
            + rejected.kind()
            + "): "
            + rejected.reason()
            + "; Concordat message "
            + rejected.messageId());
  }

  /**
   * One {@code .hl7} file dropped into a partner's folder: converted, then handled exactly as a
   * dropped FHIR file (a file that cannot be converted is quarantined with the reason).
   */
  public void receiveFile(
      byte[] body,
      @Header(FileDropHeaders.PARTNER) String partner,
      @Header(Exchange.FILE_NAME_ONLY) String fileName,
      @Headers Map<String, Object> headers) {
    AdtNotice notice;
    try {
      notice = notices.convert(body);
    } catch (AdtRejectedException e) {
      throw new FileRejectedException(
          "Rejected " + LogSafe.field(fileName) + " (" + e.problem() + "): " + e.getMessage());
    }
    files.receive(notice.fhirJson(), partner, fileName, headers);
  }

  private static String sourceName(AdtNotice notice) {
    String name = "mllp:" + notice.sendingFacility() + ":" + notice.controlId();
    return name.length() > 300 ? name.substring(0, 300) : name;
  }

  /** What became of each recipient, ASCII and short enough for MSA-3 and ERR. */
  private static String summary(String messageId, List<RecipientDecision> decisions) {
    return decisions.stream()
            .map(
                d ->
                    (d.decision() instanceof org.concordat.protocols.decision.Decision.Permit
                            ? "Accepted for "
                            : "Not disclosed to ")
                        + d.recipient()
                        + " ("
                        + d.decision().outcome()
                        + reasonCodes(d.decision().reasons())
                        + ") at ledger index "
                        + d.ledgerIndex())
            .collect(Collectors.joining("; "))
        + "; Concordat message "
        + messageId;
  }

  private static String reasonCodes(List<Reason> reasons) {
    return reasons.isEmpty()
        ? ""
        : ": " + reasons.stream().map(Reason::code).distinct().collect(Collectors.joining(", "));
  }
}
