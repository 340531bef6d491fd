package org.concordat.broker.disclosure;

import java.time.Instant;
import java.util.Objects;
import org.concordat.protocols.sharing.OdsCode;
import org.jspecify.annotations.Nullable;

/**
 * A message as a transport received it, before anything is understood.
 *
 * @param sender the partner the transport authenticated (credentials, or the folder it came from)
 * @param sourceName the file name for file drops, {@code mllp:<sending facility>:<MSH-10>} for
 *     MLLP; null for HTTP
 */
record InboundMessage(
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
    FILE_DROP,
    /** HL7 v2 over MLLP; the stored payload is the FHIR R4 notice converted from it. */
    MLLP
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
