package org.concordat.adapters.transport.file;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteConfigurationBuilder;

/**
 * The named error configuration the file-drop inbound routes opt into: whatever fails, the reason
 * is written beside the file in the partner's quarantine folder (the consumer's {@code moveFailed}
 * moves the file itself there).
 */
public final class FileDropErrorHandling extends RouteConfigurationBuilder {
  public static final String ID = "concordat-file-errors";

  @Override
  public void configuration() {
    routeConfiguration(ID)
        .onException(Exception.class)
        .handled(false)
        .logStackTrace(false)
        .setBody(simple("${exception.message}\n"))
        .setHeader(Exchange.FILE_NAME, simple("${header.CamelFileNameOnly}.reason.txt"))
        .toD("file:${header." + FileDropHeaders.QUARANTINE_DIR + "}");
  }
}
