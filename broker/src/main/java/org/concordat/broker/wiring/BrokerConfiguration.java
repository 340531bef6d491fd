package org.concordat.broker.wiring;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.parser.LenientErrorHandler;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import javax.sql.DataSource;
import org.apache.camel.ProducerTemplate;
import org.concordat.adapters.crypto.BouncyCastleEd25519Signer;
import org.concordat.adapters.crypto.BouncyCastleEd25519Verifier;
import org.concordat.adapters.crypto.Ed25519Keys;
import org.concordat.adapters.crypto.SecretFiles;
import org.concordat.adapters.fhir.BodyScreen;
import org.concordat.adapters.fhir.FhirMessages;
import org.concordat.adapters.fhir.NoticeParser;
import org.concordat.adapters.mapping.MappingCatalogue;
import org.concordat.adapters.mapping.MappingEngine;
import org.concordat.adapters.transport.file.DropFolderTriage;
import org.concordat.adapters.transport.file.DroppedFileInspector;
import org.concordat.adapters.transport.file.FileDropErrorHandling;
import org.concordat.adapters.transport.file.FileDropRouteTemplates;
import org.concordat.broker.fhir.AuditEventProvider;
import org.concordat.broker.fhir.AuditEvents;
import org.concordat.broker.fhir.ConsentProvider;
import org.concordat.broker.fhir.FhirServlet;
import org.concordat.broker.fhir.ProcessMessageProvider;
import org.concordat.broker.persistence.InboundMessageRepository;
import org.concordat.broker.persistence.JdbcNodeStore;
import org.concordat.broker.persistence.Leadership;
import org.concordat.broker.persistence.LedgerRepository;
import org.concordat.broker.persistence.OutboxRepository;
import org.concordat.broker.persistence.PartyStandingRepository;
import org.concordat.broker.persistence.PostgresLeadership;
import org.concordat.broker.persistence.SubjectSaltRepository;
import org.concordat.broker.pipeline.Checkpointer;
import org.concordat.broker.pipeline.ConsentCache;
import org.concordat.broker.pipeline.ConsentRegistry;
import org.concordat.broker.pipeline.DisclosureMetrics;
import org.concordat.broker.pipeline.DisclosurePipeline;
import org.concordat.broker.pipeline.FileDropReceiver;
import org.concordat.broker.pipeline.KeyRotation;
import org.concordat.broker.pipeline.LedgerSequencer;
import org.concordat.broker.pipeline.LedgerView;
import org.concordat.broker.pipeline.MappedDeliveryFormat;
import org.concordat.broker.pipeline.Minimisers;
import org.concordat.broker.pipeline.OutboxRelay;
import org.concordat.broker.pipeline.OutcomeRenderer;
import org.concordat.broker.pipeline.PartnerDirectory;
import org.concordat.broker.pipeline.PipelineRoutes;
import org.concordat.broker.pipeline.ProtocolAdministration;
import org.concordat.broker.pipeline.ProtocolRegistry;
import org.concordat.broker.pipeline.ProtocolSignatureRecorder;
import org.concordat.broker.pipeline.RotatingSigner;
import org.concordat.broker.pipeline.SubjectAccess;
import org.concordat.broker.pipeline.SubjectDirectory;
import org.concordat.broker.pipeline.WitnessRegistry;
import org.concordat.protocols.ledger.SubjectKeys;
import org.concordat.protocols.sharing.CategoryCode;
import org.concordat.protocols.sharing.DataCategory;
import org.concordat.protocols.sharing.OdsCode;
import org.concordat.protocols.subject.SubjectHasher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.info.BuildProperties;
import org.springframework.boot.web.servlet.ServletRegistrationBean;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Assembles the broker from the core, the adapters and configuration, by explicit bean methods:
 * what is wired to what can be read here in one place.
 */
@Configuration(proxyBeanMethods = false)
public class BrokerConfiguration {
  /** Key name of the ledger's checkpoint signing key (also the signed-note key name). */
  static final String CHECKPOINT_KEY = "checkpoint";

  static final String SUBJECT_SECRET_FILE = "subject-hash.secret";

  /** The council's social care referral CSV (docs/formats/social-care-referral-csv.md). */
  static final String SOCIAL_CARE_REFERRAL_CSV = "social-care-referral-csv";

  private static final Logger log = LoggerFactory.getLogger(BrokerConfiguration.class);

  @Bean
  Clock clock() {
    return Clock.systemUTC();
  }

  @Bean
  SecureRandom secureRandom() {
    return new SecureRandom();
  }

  @Bean
  FhirMessages fhirMessages() {
    return new FhirMessages();
  }

  /**
   * The shared R4 context. Its default parser error handler logs what it finds odd, quoting the
   * value (a surname in an unexpected place, say); HAPI parses Consent bodies with it, so it is
   * told not to log: problems are answered, never written to the log.
   */
  @Bean
  FhirContext fhirContext(FhirMessages messages) {
    FhirContext context = messages.context();
    context.setParserErrorHandler(new LenientErrorHandler(false));
    return context;
  }

  /** The protocol in force: read, signature-checked and evaluated with the parties' standings. */
  @Bean
  ProtocolRegistry protocolRegistry(
      ConcordatProperties properties,
      PartyStandingRepository standings,
      Clock clock,
      ConsentCache consents) {
    return new ProtocolRegistry(
        properties.protocolFile(),
        standings::standings,
        clock,
        BouncyCastleEd25519Verifier::new,
        consents);
  }

  @Bean
  ProtocolAdministration protocolAdministration(
      ProtocolRegistry registry,
      PartyStandingRepository standings,
      LedgerSequencer ledger,
      Clock clock) {
    return new ProtocolAdministration(
        registry, standings, ledger, BouncyCastleEd25519Verifier::new, clock);
  }

  /** The checkpoint signing key: generated into the data folder on first start (development). */
  @Bean
  RotatingSigner checkpointSigner(ConcordatProperties properties, SecureRandom random)
      throws IOException {
    return new RotatingSigner(
        new BouncyCastleEd25519Signer(
            properties.ledger().origin(),
            Ed25519Keys.loadOrGenerate(properties.keysDir(), CHECKPOINT_KEY, random)));
  }

  @Bean
  ProtocolSignatureRecorder protocolSignatureRecorder(
      ProtocolRegistry protocol, LedgerRepository entries, LedgerSequencer ledger) {
    return new ProtocolSignatureRecorder(protocol, entries, ledger);
  }

  /** Replaces the checkpoint key on request (ADMIN), recording the rotation in the ledger. */
  @Bean
  KeyRotation keyRotation(
      RotatingSigner checkpointSigner,
      LedgerSequencer ledger,
      Checkpointer checkpointer,
      LedgerView view,
      Leadership leadership,
      ConcordatProperties properties,
      SecureRandom random,
      Clock clock) {
    return new KeyRotation(
        checkpointSigner,
        ledger,
        checkpointer,
        view,
        leadership,
        properties.keysDir(),
        CHECKPOINT_KEY,
        random,
        clock);
  }

  /** Subject keys: the partnership secret (generated into the data folder on first start). */
  @Bean
  SubjectDirectory subjectDirectory(
      ConcordatProperties properties, SubjectSaltRepository salts, SecureRandom random, Clock clock)
      throws IOException {
    byte[] secret =
        SecretFiles.loadOrGenerate(properties.keysDir().resolve(SUBJECT_SECRET_FILE), 32, random);
    return new SubjectDirectory(
        new SubjectHasher(secret), new SubjectKeys(secret), salts, random, clock);
  }

  /**
   * The partners and their delivery formats. The council's social care referral CSV is mapping 1
   * ({@code config/mappings/adw-notice-to-referral-csv.yaml}); it asks for the protocol's
   * categories whose {@code local} field lists name {@code social-care-referral-csv}.
   */
  @Bean
  PartnerDirectory partnerDirectory(
      ConcordatProperties properties,
      ProtocolRegistry protocol,
      MappingCatalogue mappings,
      MappingEngine engine) {
    Set<CategoryCode> csvCategories =
        protocol.get().protocol().categories().stream()
            .filter(c -> c.localFields().containsKey(SOCIAL_CARE_REFERRAL_CSV))
            .map(DataCategory::code)
            .collect(Collectors.toSet());
    return new PartnerDirectory(
        properties.partners().stream()
            .map(a -> new PartnerDirectory.Partner(OdsCode.of(a.ods()), a.deliveryFormat()))
            .toList(),
        List.of(
            new MappedDeliveryFormat(
                SOCIAL_CARE_REFERRAL_CSV,
                mappings.get("adw-notice-to-referral-csv"),
                engine,
                csvCategories,
                "referral-")));
  }

  /**
   * Minimisers by protocol version; the one for the protocol in force is built in the background at
   * start, since the first in a JVM waits for HAPI to load the R4 definitions (seconds).
   */
  @Bean
  Minimisers minimisers(FhirContext fhir, ProtocolRegistry protocol) {
    Minimisers minimisers = new Minimisers(fhir);
    Thread warm =
        new Thread(
            () -> {
              try {
                minimisers.of(protocol.get().protocol());
              } catch (RuntimeException e) {
                log.warn("Building the minimiser failed; the first disclosure will try again", e);
              }
            },
            "minimiser-warm-up");
    warm.setDaemon(true);
    warm.start();
    return minimisers;
  }

  /** The ledger's single writer; closed (draining its queue) when the broker stops. */
  @Bean(destroyMethod = "close")
  LedgerSequencer ledgerSequencer(
      LedgerRepository ledger,
      OutboxRepository outbox,
      InboundMessageRepository inbound,
      JdbcNodeStore nodes,
      TransactionTemplate transactions,
      ApplicationEventPublisher events,
      Clock clock,
      ConcordatProperties properties) {
    return new LedgerSequencer(
        ledger,
        outbox,
        inbound,
        nodes,
        transactions,
        events,
        clock,
        properties.ledger().maxBatch(),
        Duration.ofSeconds(30));
  }

  /** The configured public base URL, or {@code http://localhost:<port>} (the embedded default). */
  static String publicBaseUrl(HttpEdgeProperties edge, Environment environment) {
    if (edge.publicBaseUrl() != null && !edge.publicBaseUrl().isBlank()) {
      return edge.publicBaseUrl();
    }
    return "http://localhost:"
        + environment.getProperty(
            "local.server.port", environment.getProperty("server.port", "8080"));
  }

  @Bean
  NoticeParser noticeParser(FhirMessages messages, ConcordatProperties properties) {
    return new NoticeParser(messages, Math.toIntExact(properties.inbound().maxBytes().toBytes()));
  }

  @Bean
  OutcomeRenderer outcomeRenderer(FhirContext fhir) {
    return new OutcomeRenderer(fhir);
  }

  @Bean
  DisclosurePipeline disclosurePipeline(
      InboundMessageRepository inbound,
      OutboxRepository outbox,
      LedgerSequencer ledger,
      NoticeParser parser,
      ProtocolRegistry protocol,
      PartnerDirectory partners,
      Minimisers minimisers,
      SubjectDirectory subjects,
      TransactionTemplate transactions,
      Clock clock) {
    DisclosurePipeline pipeline =
        new DisclosurePipeline(
            inbound,
            outbox,
            ledger,
            parser,
            protocol,
            partners,
            minimisers,
            subjects,
            transactions,
            clock,
            UUID::randomUUID);
    // A change to what is in force (a standing, another version) decides queued deliveries again.
    protocol.redecideQueuedWith(pipeline);
    return pipeline;
  }

  @Bean
  OutboxRelay outboxRelay(
      OutboxRepository outbox,
      LedgerRepository ledgerEntries,
      LedgerSequencer ledger,
      ProducerTemplate producer,
      Clock clock,
      ConcordatProperties properties) {
    ConcordatProperties.Outbox settings = properties.outbox();
    // Deliveries a previous run claimed but did not finish are tried again (at least once).
    outbox.releaseClaims();
    return new OutboxRelay(
        outbox,
        ledgerEntries,
        ledger,
        producer,
        clock,
        new OutboxRelay.RetryPolicy(
            settings.batchSize(), settings.maxAttempts(), settings.firstRetryDelay()));
  }

  @Bean
  FileDropReceiver fileDropReceiver(
      DisclosurePipeline pipeline, OutcomeRenderer outcomes, Clock clock) {
    return new FileDropReceiver(pipeline, outcomes, clock);
  }

  @Bean
  DroppedFileInspector fileDropInspector(ConcordatProperties properties, Clock clock) {
    return new DroppedFileInspector(
        properties.inbound().maxBytes().toBytes(), clock, UUID::randomUUID);
  }

  @Bean
  DropFolderTriage dropFolderTriage(ConcordatProperties properties, Clock clock) {
    return new DropFolderTriage(properties.inbound().abandonedAfter(), clock, UUID::randomUUID);
  }

  /**
   * Which node signs checkpoints: on PostgreSQL the holder of an advisory lock (nodes share the
   * database); on the embedded H2 database this node alone.
   */
  @Bean
  Leadership leadership(DataSource dataSource, Clock clock) throws SQLException {
    try (Connection connection = dataSource.getConnection()) {
      if (!"PostgreSQL".equals(connection.getMetaData().getDatabaseProductName())) {
        return Leadership.ALONE;
      }
    }
    return new PostgresLeadership(dataSource, clock, Duration.ofSeconds(5));
  }

  @Bean
  Checkpointer checkpointer(
      LedgerRepository ledger,
      JdbcNodeStore nodes,
      RotatingSigner checkpointSigner,
      ConcordatProperties properties,
      Clock clock,
      ApplicationEventPublisher events,
      Leadership leadership) {
    return new Checkpointer(
        ledger, nodes, checkpointSigner, properties.ledger().origin(), clock, events, leadership);
  }

  @Bean
  LedgerView ledgerView(
      LedgerRepository ledger, JdbcNodeStore nodes, RotatingSigner checkpointSigner) {
    return new LedgerView(ledger, nodes, checkpointSigner);
  }

  @Bean
  WitnessRegistry witnessRegistry(
      LedgerRepository ledger,
      ProtocolRegistry protocol,
      Clock clock,
      ApplicationEventPublisher events) {
    return new WitnessRegistry(ledger, protocol, BouncyCastleEd25519Verifier::new, clock, events);
  }

  @Bean
  SubjectAccess subjectAccess(
      SubjectDirectory subjects, LedgerRepository ledger, LedgerView ledgerView) {
    return new SubjectAccess(subjects, ledger, ledgerView);
  }

  @Bean
  DisclosureMetrics disclosureMetrics(MeterRegistry registry) {
    return new DisclosureMetrics(registry);
  }

  @Bean
  FileDropRouteTemplates fileDropRouteTemplates() {
    return new FileDropRouteTemplates();
  }

  @Bean
  FileDropErrorHandling fileDropErrorHandling() {
    return new FileDropErrorHandling();
  }

  @Bean
  PipelineRoutes pipelineRoutes() {
    return new PipelineRoutes();
  }

  /**
   * Concordat's own version: from the build (build-info), else the jar manifest, else {@code
   * development} (running from an IDE).
   */
  static String version(ObjectProvider<BuildProperties> build) {
    BuildProperties info = build.getIfAvailable();
    if (info != null && info.getVersion() != null) {
      return info.getVersion();
    }
    String manifest = BrokerConfiguration.class.getPackage().getImplementationVersion();
    return manifest != null ? manifest : "development";
  }

  @Bean
  ServletRegistrationBean<FhirServlet> fhirServlet(
      FhirContext fhir,
      DisclosurePipeline pipeline,
      OutcomeRenderer outcomes,
      SubjectAccess subjectAccess,
      ConsentRegistry consents,
      ConcordatProperties properties,
      HttpEdgeProperties edge,
      ObjectProvider<BuildProperties> build,
      Environment environment,
      Clock clock) {
    ProcessMessageProvider processMessage =
        new ProcessMessageProvider(
            pipeline, outcomes, fhir, properties.inbound().maxBytes().toBytes(), clock);
    FhirServlet servlet =
        new FhirServlet(
            fhir,
            List.of(
                processMessage,
                new ConsentProvider(consents),
                new AuditEventProvider(
                    subjectAccess, new AuditEvents(properties.ledger().origin()))),
            new BodyScreen(consentLimits(properties)),
            version(build),
            () -> publicBaseUrl(edge, environment));
    ServletRegistrationBean<FhirServlet> registration =
        new ServletRegistrationBean<>(servlet, "/fhir/*");
    registration.setName("fhir");
    registration.setLoadOnStartup(1);
    return registration;
  }

  /**
   * The screen of a Consent sent to {@code /fhir}: the usual text limit, and the stricter shape
   * limits of {@code concordat.consent.limits} (UK Core validation costs grow faster than the
   * body).
   */
  static BodyScreen.Limits consentLimits(ConcordatProperties properties) {
    ConcordatProperties.Limits limits =
        java.util.Objects.requireNonNull(
            java.util.Objects.requireNonNull(properties.consent()).limits());
    return new BodyScreen.Limits(
        BodyScreen.Limits.DEFAULT.maxTextChars(),
        java.util.Objects.requireNonNull(limits.maxRepeats()),
        java.util.Objects.requireNonNull(limits.maxDepth()),
        java.util.Objects.requireNonNull(limits.maxElements()));
  }
}
