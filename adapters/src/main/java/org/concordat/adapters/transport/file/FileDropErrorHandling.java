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
    // A rejected file is an expected outcome (the pipeline has logged it): no error log. Anything
    // else is unexpected and is logged in full.
    routeConfiguration(ID)
        .onException(FileRejectedException.class)
        .handled(false)
        .logExhausted(false)
        .setBody(simple("${exception.message}\n"))
        .setHeader(Exchange.FILE_NAME, simple("${header.CamelFileNameOnly}.reason.txt"))
        .toD("file:${header." + FileDropHeaders.QUARANTINE_DIR + "}")
        .end()
        .onException(Exception.class)
        .handled(false)
        .setBody(simple("${exception.message}\n"))
        .setHeader(Exchange.FILE_NAME, simple("${header.CamelFileNameOnly}.reason.txt"))
        .toD("file:${header." + FileDropHeaders.QUARANTINE_DIR + "}");
  }
}
