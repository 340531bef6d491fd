package org.concordat.broker.delivery;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import java.util.stream.Stream;
import org.concordat.adapters.transport.file.DropFolderTriage;
import org.concordat.broker.settings.ConcordatProperties;
import org.concordat.protocols.sharing.OdsCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.context.WebServerInitializedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Creates each partner's file-drop folders, keeps the data folder owner-only, quarantines what the
 * file-drop routes never pick up ({@link DropFolderTriage}), and tells the person who started the
 * broker where things are: the port, the folders and how to log in.
 *
 * <p>Everything under the data folder may hold personal data (the database, received and delivered
 * files, quarantine): folders are {@code rwx------} and files {@code rw-------}. The data folder
 * itself is made owner-only first, so what anything writes inside later (the database's own files,
 * say) is out of other users' reach whatever its mode; files the broker writes are created
 * owner-only, and at start every file already there is made so. Links are never followed.
 */
@Component
class ExchangeFolders {
  private static final Logger log = LoggerFactory.getLogger(ExchangeFolders.class);
  private static final String[] FOLDERS = {"in", "out", "quarantine"};
  private static final Set<PosixFilePermission> OWNER_ONLY_FOLDER =
      PosixFilePermissions.fromString("rwx------");
  private static final Set<PosixFilePermission> OWNER_ONLY_FILE =
      PosixFilePermissions.fromString("rw-------");

  private final ConcordatProperties properties;
  private final PartnerDirectory partners;
  private final DropFolderTriage triage;

  ExchangeFolders(
      ConcordatProperties properties, PartnerDirectory partners, DropFolderTriage triage) {
    this.properties = properties;
    this.partners = partners;
    this.triage = triage;
    create();
  }

  private void create() {
    try {
      ownerOnlyFolder(properties.dataPath());
      ownerOnlyFolder(properties.exchangeDir());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create the data folder", e);
    }
    for (OdsCode partner : partners.partners()) {
      try {
        ownerOnlyFolder(properties.exchangeDir().resolve(partner.value()));
        for (String folder : FOLDERS) {
          ownerOnlyFolder(properties.exchangeDir().resolve(partner.value()).resolve(folder));
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot create the exchange folders for " + partner, e);
      }
    }
  }

  private static void ownerOnlyFolder(Path folder) throws IOException {
    Files.createDirectories(folder);
    setPermissions(folder, OWNER_ONLY_FOLDER);
  }

  /** Every folder and file already under the data folder becomes owner-only; links are skipped. */
  @EventListener(ApplicationReadyEvent.class)
  void ownerOnlyData() {
    Path data = properties.dataPath();
    try (Stream<Path> paths = Files.walk(data)) {
      paths.forEach(
          path -> {
            if (Files.isSymbolicLink(path) || isPartnersInFolderEntry(path)) {
              return;
            }
            if (Files.isDirectory(path, LinkOption.NOFOLLOW_LINKS)) {
              setPermissions(path, OWNER_ONLY_FOLDER);
            } else if (Files.isRegularFile(path, LinkOption.NOFOLLOW_LINKS)) {
              setPermissions(path, OWNER_ONLY_FILE);
            }
          });
    } catch (IOException | UncheckedIOException e) {
      log.warn("Could not make every file under the data folder owner-only: {}", e.toString());
    }
  }

  /** What a partner put into its in folder is the file drop's to handle, not changed here. */
  private boolean isPartnersInFolderEntry(Path path) {
    Path parent = path.getParent();
    return parent != null
        && parent.getFileName() != null
        && parent.getFileName().toString().equals("in")
        && parent.getParent() != null
        && parent.getParent().getParent() != null
        && parent.getParent().getParent().equals(properties.exchangeDir())
        && !path.getFileName().toString().equals(DropFolderTriage.ACCEPTED);
  }

  private static void setPermissions(Path path, Set<PosixFilePermission> permissions) {
    try {
      Files.setPosixFilePermissions(path, permissions);
    } catch (IOException | UnsupportedOperationException e) {
      // A file system without POSIX permissions keeps its own.
    }
  }

  /** Quarantines what the file-drop routes never take: directories, abandoned in-progress files. */
  @Scheduled(fixedDelayString = "${concordat.inbound.triage-interval:1000}")
  void triage() {
    for (OdsCode partner : partners.partners()) {
      try {
        for (String name : triage.triage(properties.exchangeDir().resolve(partner.value()))) {
          log.info("Quarantined {} from {}'s in folder", name, partner);
        }
      } catch (UncheckedIOException e) {
        log.warn("Could not look into {}'s in folder: {}", partner, String.valueOf(e.getCause()));
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
