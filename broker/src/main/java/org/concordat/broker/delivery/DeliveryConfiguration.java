package org.concordat.broker.delivery;

import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.camel.ProducerTemplate;
import org.concordat.adapters.mapping.MappingCatalogue;
import org.concordat.adapters.mapping.MappingEngine;
import org.concordat.adapters.transport.file.FileDropErrorHandling;
import org.concordat.adapters.transport.file.FileDropRouteTemplates;
import org.concordat.broker.agreement.ProtocolRegistry;
import org.concordat.broker.ledger.FollowUps;
import org.concordat.broker.ledger.LedgerRepository;
import org.concordat.broker.ledger.LedgerSequencer;
import org.concordat.broker.settings.ConcordatProperties;
import org.concordat.protocols.sharing.CategoryCode;
import org.concordat.protocols.sharing.DataCategory;
import org.concordat.protocols.sharing.OdsCode;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Partners and their formats, the outbox and its relay, and the file-drop transport's routes. */
@Configuration(proxyBeanMethods = false)
class DeliveryConfiguration {
  /** The council's social care referral CSV (docs/formats/social-care-referral-csv.md). */
  static final String SOCIAL_CARE_REFERRAL_CSV = "social-care-referral-csv";

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

  @Bean
  OutboxRelay outboxRelay(
      OutboxRepository outbox,
      LedgerRepository ledgerEntries,
      LedgerSequencer ledger,
      ProducerTemplate producer,
      Clock clock,
      ConcordatProperties properties,
      FollowUps followUps,
      ApplicationEventPublisher events) {
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
            settings.batchSize(), settings.maxAttempts(), settings.firstRetryDelay()),
        followUps,
        events);
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
  OutboxRoutes outboxRoutes() {
    return new OutboxRoutes();
  }
}
