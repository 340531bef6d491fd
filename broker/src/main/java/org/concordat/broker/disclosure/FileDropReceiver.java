package org.concordat.broker.disclosure;

import java.time.Clock;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.apache.camel.Headers;
import org.concordat.adapters.logging.LogSafe;
import org.concordat.adapters.transport.file.FileDropHeaders;
import org.concordat.adapters.transport.file.FileRejectedException;
import org.concordat.protocols.decision.Decision;
import org.concordat.protocols.sharing.OdsCode;

/**
 * The file-drop transport's entry into the pipeline, called by the {@code concordat-file-inbound}
 * route template. A file the pipeline rejects is thrown back as {@link FileRejectedException} (the
 * route quarantines it with the reason); a denial — of every recipient, or of some while others are
 * permitted — is answered with an OperationOutcome naming every recipient's decision in the {@link
 * FileDropHeaders#DENIAL} header (the route writes it to the sender's {@code out/} folder).
 *
 * <p>A file is a message like any other: the same content dropped again is a repeat, answered as
 * the original was (its denial answer again, if it had one) and disclosed no more.
 */
class FileDropReceiver {
  private final DisclosurePipeline pipeline;
  private final OutcomeRenderer outcomes;
  private final Clock clock;

  public FileDropReceiver(DisclosurePipeline pipeline, OutcomeRenderer outcomes, Clock clock) {
    this.pipeline = pipeline;
    this.outcomes = outcomes;
    this.clock = clock;
  }

  public void receive(
      byte[] body,
      @Header(FileDropHeaders.PARTNER) String partner,
      @Header(Exchange.FILE_NAME_ONLY) String fileName,
      @Headers Map<String, Object> headers) {
    // Shown escaped: a name may hold a newline or other control characters.
    String shown = LogSafe.field(fileName);
    InboundMessage message =
        new InboundMessage(
            OdsCode.of(partner),
            InboundMessage.Transport.FILE_DROP,
            fileName,
            null,
            body,
            clock.instant());
    ReceiveOutcome outcome = pipeline.receive(message);
    if (outcome instanceof ReceiveOutcome.Rejected rejected) {
      throw new FileRejectedException(
          "Rejected "
              + shown
              + " (Concordat message "
              + rejected.messageId()
              + ", "
              + rejected.kind()
              + "): "
              + rejected.reason());
    } else if (outcome instanceof ReceiveOutcome.Denied denied) {
      headers.put(FileDropHeaders.DENIAL, outcomes.denialJson(denied));
    } else if (outcome instanceof ReceiveOutcome.Accepted accepted
        && accepted.decisions().stream().anyMatch(d -> d.decision() instanceof Decision.Deny)) {
      headers.put(FileDropHeaders.DENIAL, outcomes.partialDenialJson(accepted));
    }
  }
}
