package org.concordat.adapters.transport.mllp;

import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.mllp.MllpConstants;
import org.concordat.adapters.transport.file.FileDropHeaders;

/**
 * Route templates for HL7 v2 ADT, instantiated per sending partner in {@code
 * config/routes/*.camel.yaml}. They only wire: the bean named {@code hl7v2Receiver} converts the
 * message and runs the pipeline.
 *
 * <ul>
 *   <li>{@value #MLLP_INBOUND} ({@code partner}, {@code port}): an MLLP listener on {@code
 *       {{concordat.hl7v2.mllp.host}}} (default 127.0.0.1, this machine only) at {@code port}. The
 *       receiver's answer (an HL7 ACK: AA, AE or AR with ERR) is sent back on the same connection.
 *       The route starts only when {@code concordat.hl7v2.mllp.enabled} is true. A connection is
 *       taken to be from the route's partner: MLLP has no authentication of its own, so expose a
 *       listener only on a network path (VPN, TLS tunnel, firewall rule) that only that partner can
 *       reach, and one port per partner.
 * </ul>
 *
 * <p>{@code .hl7} files dropped into a partner's {@code in/} folder are taken by the file drop's
 * own route ({@code concordat-file-inbound}), which hands them to the same receiver.
 */
public final class Hl7v2RouteTemplates extends RouteBuilder {
  public static final String MLLP_INBOUND = "concordat-mllp-inbound";

  /** The header through which the routes tell the receiver which partner they serve. */
  public static final String PARTNER = FileDropHeaders.PARTNER;

  @Override
  public void configure() {
    routeTemplate(MLLP_INBOUND)
        .templateParameter("partner")
        .templateParameter("port")
        .from(
            "mllp://{{concordat.hl7v2.mllp.host:127.0.0.1}}:{{port}}"
                // Bytes, not a String: the receiver decodes by MSH-18 itself.
                + "?stringPayload=false"
                + "&maxBufferSize={{concordat.hl7v2.mllp.max-frame-bytes:4194304}}"
                // The receiver reads MSH itself; Camel's copies of MSH fields are not used.
                + "&hl7Headers=false"
                + "&reuseAddress=true")
        .autoStartup("{{concordat.hl7v2.mllp.enabled:false}}")
        .setHeader(PARTNER, constant("{{partner}}"))
        .bean("hl7v2Receiver", "receiveMllp")
        .setProperty(MllpConstants.MLLP_ACKNOWLEDGEMENT, body());
  }
}
