package org.concordat.broker.settings;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;

/**
 * Every setting of the broker, from {@code application.yaml} and {@code config/application.yaml}
 * (kebab-case keys under {@code concordat}); each can be overridden from the environment.
 *
 * @param configDir the folder holding partnerships, routes and mappings
 * @param dataDir where the embedded database, keys and exchange folders live
 * @param partnership the name of the folder under {@code config/partnerships} to enforce
 */
@ConfigurationProperties("concordat")
public record ConcordatProperties(
    String configDir,
    String dataDir,
    String partnership,
    Inbound inbound,
    Outbox outbox,
    Ledger ledger,
    @Nullable Consent consent,
    List<PartnerAccount> partners,
    List<PersonAccount> people) {

  public ConcordatProperties {
    partners = partners == null ? List.of() : List.copyOf(partners);
    people = people == null ? List.of() : List.copyOf(people);
    consent = consent == null ? new Consent(null, null, null, null) : consent;
  }

  // Folders are plain strings in configuration (Spring would read a Path as a classpath-style
  // resource and refuse "../config"); these resolve them against the working directory.

  public Path configPath() {
    return Path.of(configDir);
  }

  public Path dataPath() {
    return Path.of(dataDir);
  }

  public Path protocolFile() {
    return configPath().resolve("partnerships").resolve(partnership).resolve("protocol.yaml");
  }

  public Path keysDir() {
    return dataPath().resolve("keys");
  }

  public Path exchangeDir() {
    return dataPath().resolve("exchange");
  }

  /**
   * Consent, opt-out and break-glass settings.
   *
   * @param optOutValidity how long a national data opt-out check result is trusted (default 30
   *     days); after that the person's status is unknown until the next import
   * @param breakGlassMaxDuration the longest break-glass grant (default 24 hours)
   * @param syncInterval milliseconds between passes that reload people whose consent another broker
   *     node changed (also read by the Camel timer that drives them)
   * @param limits how large and how slow a Consent may be before it is refused
   */
  public record Consent(
      @Nullable Duration optOutValidity,
      @Nullable Duration breakGlassMaxDuration,
      @Nullable Long syncInterval,
      @Nullable Limits limits) {
    public Consent {
      limits = limits == null ? new Limits(null, null, null, null, null) : limits;
      syncInterval = syncInterval == null ? 1000L : syncInterval;
      optOutValidity = optOutValidity == null ? Duration.ofDays(30) : optOutValidity;
      breakGlassMaxDuration =
          breakGlassMaxDuration == null ? Duration.ofHours(24) : breakGlassMaxDuration;
    }
  }

  /**
   * Limits on a Consent sent to {@code /fhir/Consent}, checked in a streaming pass over the raw
   * body before it is parsed or validated, and a time budget for its validation.
   *
   * @param maxDepth the deepest nesting of JSON objects and arrays, or XML elements (default 32)
   * @param maxRepeats the most times one element repeats (default 100)
   * @param maxElements the most elements in all (default 10,000)
   * @param validationTimeout how long validation may take before it is abandoned and the request
   *     answered 503 with nothing recorded (default 30 seconds: room for the first validation after
   *     start-up, which builds HAPI's caches)
   * @param validationThreads how many validations may run at once; more are answered 503 (default
   *     2)
   */
  public record Limits(
      @Nullable Integer maxDepth,
      @Nullable Integer maxRepeats,
      @Nullable Integer maxElements,
      @Nullable Duration validationTimeout,
      @Nullable Integer validationThreads) {
    public Limits {
      maxDepth = maxDepth == null ? 32 : maxDepth;
      maxRepeats = maxRepeats == null ? 100 : maxRepeats;
      maxElements = maxElements == null ? 10_000 : maxElements;
      validationTimeout = validationTimeout == null ? Duration.ofSeconds(30) : validationTimeout;
      validationThreads = validationThreads == null ? 2 : validationThreads;
    }
  }

  /**
   * Limits on what partners send.
   *
   * @param abandonedAfter how long a file-drop file under an in-progress name ({@code .name},
   *     {@code name.part}, {@code name.tmp}) may stay unchanged before it is quarantined as
   *     abandoned (default 10 minutes)
   */
  public record Inbound(DataSize maxBytes, @Nullable Duration abandonedAfter) {
    public Inbound {
      abandonedAfter = abandonedAfter == null ? Duration.ofMinutes(10) : abandonedAfter;
    }
  }

  /** How the outbox relay delivers: polling, batch size and retries with exponential back-off. */
  public record Outbox(
      Duration pollInterval, int batchSize, int maxAttempts, Duration firstRetryDelay) {}

  /**
   * The ledger's checkpoint origin line, how often checkpoints are signed, and the most appends
   * that share one commit.
   */
  public record Ledger(
      String origin, Duration checkpointInterval, long checkpointEntries, int maxBatch) {}

  /**
   * A partner system's account. The password is stored only as a hash ({@code {bcrypt}...}).
   *
   * @param deliveryFormat the format records are translated into for this partner, or none if it
   *     only sends
   */
  public record PartnerAccount(
      String ods, String username, String passwordHash, @Nullable String deliveryFormat) {
    @Override
    public String toString() {
      return "PartnerAccount[ods=" + ods + ", username=" + username + "]";
    }
  }

  /**
   * A person's account (IG lead, administrator, clinician), with roles such as {@code IG}, {@code
   * ADMIN}, {@code CLINICIAN} or {@code SAFEGUARDING}.
   *
   * @param organisation the ODS code of the partner the person works for; required for people who
   *     may break glass (their grants cover their organisation's disclosures)
   */
  public record PersonAccount(
      String username, String passwordHash, List<String> roles, @Nullable String organisation) {
    @Override
    public String toString() {
      return "PersonAccount[username="
          + username
          + ", roles="
          + roles
          + ", organisation="
          + organisation
          + "]";
    }
  }
}
