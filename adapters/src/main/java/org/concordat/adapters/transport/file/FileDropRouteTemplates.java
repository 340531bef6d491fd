package org.concordat.adapters.transport.file;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;

/**
 * Route templates for the file-drop transport, instantiated per partner in {@code
 * config/routes/*.camel.yaml}. They only wire: {@code fileDropInspector} ({@link
 * DroppedFileInspector}) decides, before anything reads a file, whether it may be read and as what;
 * {@code fileDropReceiver} runs the pipeline for a FHIR message ({@code .json}, {@code .xml}) and
 * {@code hl7v2Receiver} for an HL7 v2 message ({@code .hl7}); each throws {@link
 * FileRejectedException} for a file it cannot accept and answers a denial through the {@link
 * FileDropHeaders#DENIAL} header.
 *
 * <p>Folders are {@code {{concordat.data-dir}}/exchange/<partner>/{in,out,quarantine}}. Every entry
 * of {@code in/} gets an outcome: processed and kept under {@code in/.accepted/<date>/}, or moved
 * to {@code quarantine/} with {@code <kept name>.reason.txt} beside it — a symbolic link, anything
 * but a regular file, an empty file, a file over the size limit or of another format unread; a file
 * the pipeline rejects, or that fails unexpectedly (the database down, say), with the reason. Kept
 * names are unique ({@link DropFileNames}), so nothing is overwritten. Names marking a file still
 * being written ({@code .name}, {@code name.part}, {@code name.tmp}) are left alone, and
 * directories are never read: {@link DropFolderTriage} quarantines those.
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
                + "/in"
                // In-progress names are left for the partner to rename (DropFolderTriage).
                + "?excludeExt=part,tmp"
                // An empty file is as stable as any other: it is refused as empty, not waited on
                // (Camel's default minimum length of 1 byte kept it, and the poll, waiting).
                + "&readLock=changed&readLockCheckInterval=200&readLockMinAge=200"
                + "&readLockMinLength=0"
                // No <name>.camelLock marker, which a long name has no room for.
                + "&readLockMarkerFile=false"
                + "&move=.accepted/${date:now:yyyyMMdd}/${header."
                + FileDropHeaders.KEPT_NAME
                + "}"
                + "&moveFailed=../quarantine/${header."
                + FileDropHeaders.KEPT_NAME
                + "}")
        .routeConfigurationId(FileDropErrorHandling.ID)
        .setHeader(FileDropHeaders.PARTNER, constant("{{partner}}"))
        .setHeader(FileDropHeaders.QUARANTINE_DIR, simple(PARTNER_DIR + "/quarantine"))
        .bean("fileDropInspector", "inspect")
        .choice()
        .when(header(FileDropHeaders.FORMAT).isEqualTo(DroppedFileInspector.Format.HL7V2.name()))
        .bean("hl7v2Receiver", "receiveFile")
        .otherwise()
        .bean("fileDropReceiver", "receive")
        .end()
        .filter(header(FileDropHeaders.DENIAL).isNotNull())
        .setBody(header(FileDropHeaders.DENIAL))
        .setHeader(Exchange.FILE_NAME, header(FileDropHeaders.ANSWER_NAME))
        .to("file:" + PARTNER_DIR + "/out" + FileDropErrorHandling.OWNER_ONLY)
        .end();

    routeTemplate(OUTBOUND)
        .templateParameter("partner")
        .from("direct:deliver-{{partner}}")
        // Written under a temporary name and renamed, so a partner never reads half a file; an
        // existing file of the same name is the same delivery (the name carries the ledger index).
        .to(
            "file:"
                + PARTNER_DIR
                + "/out?tempFileName=.${file:name}.part&fileExist=Ignore&chmod=600"
                + "&chmodDirectory=700");
  }
}
