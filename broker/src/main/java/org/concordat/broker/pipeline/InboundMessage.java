package org.concordat.broker.pipeline;

import java.time.Instant;
import java.util.Objects;
import org.concordat.protocols.sharing.OdsCode;
import org.jspecify.annotations.Nullable;

/**
 * A message as a transport received it, before anything is understood.
 *
 * @param sender the partner the transport authenticated (credentials, or the folder it came from)
 * @param sourceName the file name for file drops; null for HTTP
 */
public record InboundMessage(
    OdsCode sender,
    Transport transport,
    @Nullable String sourceName,
    @Nullable String contentType,
    byte[] payload,
    Instant receivedAt) {

  public InboundMessage {
    Objects.requireNonNull(sender, "sender");
    Objects.requireNonNull(transport, "transport");
    Objects.requireNonNull(payload, "payload");
    Objects.requireNonNull(receivedAt, "receivedAt");
  }

  /** How a message arrived. */
  public enum Transport {
    FHIR_REST,
    FILE_DROP
  }

  @Override
  public String toString() {
    return "InboundMessage[sender="
        + sender
        + ", transport="
        + transport
        + ", bytes="
        + payload.length
        + "]";
  }
}
