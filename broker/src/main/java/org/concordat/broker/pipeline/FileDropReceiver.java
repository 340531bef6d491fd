package org.concordat.broker.pipeline;

import java.time.Clock;
import java.util.Map;
import org.apache.camel.Exchange;
import org.apache.camel.Header;
import org.apache.camel.Headers;
import org.concordat.adapters.transport.file.FileDropHeaders;
import org.concordat.adapters.transport.file.FileRejectedException;
import org.concordat.protocols.sharing.OdsCode;

/**
 * The file-drop transport's entry into the pipeline, called by the {@code concordat-file-inbound}
 * route template. A file the pipeline rejects is thrown back as {@link FileRejectedException} (the
 * route quarantines it with the reason); a denial is answered with an OperationOutcome in the
 * {@link FileDropHeaders#DENIAL} header (the route writes it to the sender's {@code out/} folder).
 */
public class FileDropReceiver {
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
              + fileName
              + " (Concordat message "
              + rejected.messageId()
              + ", "
              + rejected.kind()
              + "): "
              + rejected.reason());
    } else if (outcome instanceof ReceiveOutcome.Denied denied) {
      headers.put(FileDropHeaders.DENIAL, outcomes.denialJson(denied));
    }
  }
}
