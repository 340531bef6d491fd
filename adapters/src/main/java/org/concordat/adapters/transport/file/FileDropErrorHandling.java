package org.concordat.adapters.transport.file;

import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteConfigurationBuilder;

/**
 * The named error configuration the file-drop inbound routes opt into: whatever fails, the reason
 * is written beside the file in the partner's quarantine folder (the consumer's {@code moveFailed}
 * moves the file itself there).
 */
public final class FileDropErrorHandling extends RouteConfigurationBuilder {
  public static final String ID = "concordat-file-errors";

  /** File producer options: files readable by the broker's user only, folders likewise. */
  public static final String OWNER_ONLY = "?chmod=600&chmodDirectory=700";

  @Override
  public void configuration() {
    // A rejected file is an expected outcome (the pipeline has logged it): no error log. Anything
    // else is unexpected and is logged in full.
    // The reason is written under the file's kept name (unique, never overwritten) and readable by
    // the broker's user only. Camel's own failure log is off: it would show the file's path as
    // the partner wrote it (a newline in a name would start a log line of its own); the name is
    // logged escaped instead.
    routeConfiguration(ID)
        .onException(FileRejectedException.class)
        .handled(false)
        .logExhausted(false)
        .log(
            LoggingLevel.INFO,
            "Dropped file ${header."
                + FileDropHeaders.LOG_NAME
                + "} from ${header."
                + FileDropHeaders.PARTNER
                + "} quarantined as ${header."
                + FileDropHeaders.KEPT_NAME
                + "}")
        .setBody(simple("${exception.message}\n"))
        .setHeader(
            Exchange.FILE_NAME, simple("${header." + FileDropHeaders.KEPT_NAME + "}.reason.txt"))
        .toD("file:${header." + FileDropHeaders.QUARANTINE_DIR + "}" + OWNER_ONLY)
        .end()
        .onException(Exception.class)
        .handled(false)
        .logExhausted(false)
        .log(
            LoggingLevel.ERROR,
            "Dropped file ${header."
                + FileDropHeaders.LOG_NAME
                + "} from ${header."
                + FileDropHeaders.PARTNER
                + "} failed and is quarantined: ${exception.stacktrace}")
        .setBody(simple("${exception.message}\n"))
        .setHeader(
            Exchange.FILE_NAME, simple("${header." + FileDropHeaders.KEPT_NAME + "}.reason.txt"))
        .toD("file:${header." + FileDropHeaders.QUARANTINE_DIR + "}" + OWNER_ONLY);
  }
}
