package org.concordat.broker.wiring;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.concordat.broker.pipeline.PartnerDirectory;
import org.concordat.protocols.sharing.OdsCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Creates each partner's file-drop folders and tells the person who started the broker where things
 * are: the port, the folders and how to log in.
 */
@Component
class ExchangeFolders {
  private static final Logger log = LoggerFactory.getLogger(ExchangeFolders.class);
  private static final String[] FOLDERS = {"in", "out", "quarantine"};

  private final ConcordatProperties properties;
  private final PartnerDirectory partners;

  ExchangeFolders(ConcordatProperties properties, PartnerDirectory partners) {
    this.properties = properties;
    this.partners = partners;
    create();
  }

  private void create() {
    for (OdsCode partner : partners.partners()) {
      for (String folder : FOLDERS) {
        try {
          Files.createDirectories(
              properties.exchangeDir().resolve(partner.value()).resolve(folder));
        } catch (IOException e) {
          throw new UncheckedIOException("Cannot create the exchange folders for " + partner, e);
        }
      }
    }
  }

  @EventListener
  void announce(WebServerInitializedEvent event) {
    Path exchange = properties.exchangeDir().toAbsolutePath().normalize();
    log.info(
        "Concordat is listening on http://localhost:{} (FHIR at /fhir, API at /api, health at"
            + " /actuator/health)",
        event.getWebServer().getPort());
    log.info(
        "File drop: put a FHIR message into {}/<ODS>/in; deliveries appear in <ODS>/out,"
            + " rejected files in <ODS>/quarantine. Partners: {}",
        exchange,
        partners.partners());
    log.info(
        "Log in with HTTP Basic: partner systems as their partner account, people (IG, ADMIN) as"
            + " theirs; accounts are in {}/application.yaml (the demo passwords are in README.md)",
        properties.configPath().toAbsolutePath().normalize());
  }
}
