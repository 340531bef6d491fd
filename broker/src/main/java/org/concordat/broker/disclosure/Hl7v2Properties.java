package org.concordat.broker.disclosure;

import java.util.List;
import org.concordat.adapters.hl7v2.AdtSender;
import org.concordat.protocols.sharing.OdsCode;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * HL7 v2 ADT settings (keys under {@code concordat.hl7v2}; {@code docs/hl7v2.md}).
 *
 * @param mllp the MLLP listeners; the routes in {@code config/routes/hl7v2.camel.yaml} read these
 *     same keys
 * @param senders the hospital systems whose ADT is accepted, by sending facility (MSH-4)
 */
@ConfigurationProperties("concordat.hl7v2")
public record Hl7v2Properties(@Nullable Mllp mllp, @Nullable List<Sender> senders) {

  public Hl7v2Properties {
    mllp = mllp == null ? new Mllp(false, "127.0.0.1", 2575, 4_194_304) : mllp;
    senders = senders == null ? List.of() : List.copyOf(senders);
  }

  /** The senders as the converter takes them. */
  public List<AdtSender> adtSenders() {
    List<Sender> configured = senders == null ? List.of() : senders;
    return configured.stream()
        .map(
            s ->
                new AdtSender(
                    s.sendingFacility(),
                    OdsCode.of(s.partner()),
                    s.recipients().stream().map(OdsCode::of).toList()))
        .toList();
  }

  /**
   * MLLP listeners.
   *
   * @param enabled off by default: nothing listens until it is switched on
   * @param host the address to listen on; the default, 127.0.0.1, takes connections from this
   *     machine only
   * @param port the example partnership's listener for RXA (one port per sending partner)
   * @param maxFrameBytes the largest MLLP frame read; larger ones reset the connection
   */
  public record Mllp(
      @DefaultValue("false") boolean enabled,
      @DefaultValue("127.0.0.1") String host,
      @DefaultValue("2575") int port,
      @DefaultValue("4194304") int maxFrameBytes) {}

  /**
   * One sending system.
   *
   * @param sendingFacility MSH-4.1 as the system sends it
   * @param partner the ODS code of the partner it belongs to
   * @param recipients the ODS codes its notices are addressed to
   */
  public record Sender(String sendingFacility, String partner, List<String> recipients) {
    public Sender {
      recipients = recipients == null ? List.of() : List.copyOf(recipients);
    }
  }
}
