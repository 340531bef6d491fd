package org.concordat.broker.disclosure;

import ca.uhn.fhir.context.FhirContext;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.UUID;
import org.concordat.adapters.fhir.FhirMessages;
import org.concordat.adapters.fhir.NoticeParser;
import org.concordat.adapters.transport.file.DropFolderTriage;
import org.concordat.adapters.transport.file.DroppedFileInspector;
import org.concordat.broker.agreement.ProtocolRegistry;
import org.concordat.broker.delivery.OutboxRepository;
import org.concordat.broker.delivery.PartnerDirectory;
import org.concordat.broker.ledger.LedgerSequencer;
import org.concordat.broker.settings.ConcordatProperties;
import org.concordat.broker.subject.SubjectDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The disclosure pipeline (receive, decide, minimise, translate, record), its FHIR {@code
 * $process-message} operation and the file-drop receiver.
 */
@Configuration(proxyBeanMethods = false)
class DisclosureConfiguration {
  private static final Logger log = LoggerFactory.getLogger(DisclosureConfiguration.class);

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
  ProcessMessageProvider processMessageProvider(
      DisclosurePipeline pipeline,
      OutcomeRenderer outcomes,
      FhirContext fhir,
      ConcordatProperties properties,
      Clock clock) {
    return new ProcessMessageProvider(
        pipeline, outcomes, fhir, properties.inbound().maxBytes().toBytes(), clock);
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
    Duration abandonedAfter =
        Objects.requireNonNull(
            properties.inbound().abandonedAfter(), "ConcordatProperties.Inbound defaults it");
    return new DropFolderTriage(abandonedAfter, clock, UUID::randomUUID);
  }

  @Bean
  DisclosureMetrics disclosureMetrics(MeterRegistry registry) {
    return new DisclosureMetrics(registry);
  }
}
