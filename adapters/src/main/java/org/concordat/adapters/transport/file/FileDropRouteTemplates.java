package org.concordat.adapters.transport.file;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

/**
 * Route templates for the file-drop transport, instantiated per partner in {@code
 * config/routes/*.camel.yaml}. They only wire: the bean named {@code fileDropReceiver} runs the
 * pipeline, throws {@link FileRejectedException} for a file it cannot accept and answers a denial
 * through the {@link FileDropHeaders#DENIAL} header.
 *
 * <p>Folders are {@code {{concordat.data-dir}}/exchange/<partner>/{in,out,quarantine}}. A file over
 * the size limit is quarantined unread. Any file that fails — rejected by the pipeline, or an
 * unexpected error such as the database being down — is moved to {@code quarantine/} with {@code
 * <name>.reason.txt} beside it, so nothing accepted is lost and nothing is retried forever.
 * Processed files are kept under {@code in/.accepted/<date>/}.
 */
public final class FileDropRouteTemplates extends RouteBuilder {
  public static final String INBOUND = "concordat-file-inbound";
  public static final String OUTBOUND = "concordat-file-outbound";

  private static final String PARTNER_DIR = "{{concordat.data-dir}}/exchange/{{partner}}";

  @Override
  public void configure() {
    routeTemplate(INBOUND)
        .templateParameter("partner")
        .from(
            "file:"
                + PARTNER_DIR
                + "/in?antInclude=*.json,*.xml"
                + "&readLock=changed&readLockCheckInterval=200&readLockMinAge=200"
                + "&move=.accepted/${date:now:yyyyMMdd}/${file:name}"
                + "&moveFailed=../quarantine/${file:name}")
        .routeConfigurationId(FileDropErrorHandling.ID)
        .setHeader(FileDropHeaders.PARTNER, constant("{{partner}}"))
        .setHeader(FileDropHeaders.QUARANTINE_DIR, simple(PARTNER_DIR + "/quarantine"))
        .filter(simple("${file:size} > {{concordat.inbound.max-bytes}}"))
        .throwException(
            FileRejectedException.class,
            "Rejected ${file:name}: the file is ${file:size} bytes, over the limit of"
                + " {{concordat.inbound.max-bytes}} bytes")
        .end()
        .bean("fileDropReceiver", "receive")
        .filter(header(FileDropHeaders.DENIAL).isNotNull())
        .setBody(header(FileDropHeaders.DENIAL))
        .setHeader(Exchange.FILE_NAME, simple("${file:onlyname.noext}.denied.json"))
        .to("file:" + PARTNER_DIR + "/out")
        .end();

    routeTemplate(OUTBOUND)
        .templateParameter("partner")
        .from("direct:deliver-{{partner}}")
        // Written under a temporary name and renamed, so a partner never reads half a file; an
        // existing file of the same name is the same delivery (the name carries the ledger index).
        .to("file:" + PARTNER_DIR + "/out?tempFileName=.${file:name}.part&fileExist=Ignore");
  }
}
