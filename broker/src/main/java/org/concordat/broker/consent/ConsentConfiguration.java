package org.concordat.broker.consent;

import ca.uhn.fhir.context.FhirContext;
import java.time.Clock;
import java.util.UUID;
import org.concordat.adapters.fhir.validation.UkCoreValidator;
import org.concordat.broker.agreement.ProtocolRegistry;
import org.concordat.broker.agreement.QueuedRedecision;
import org.concordat.broker.delivery.OutboxRepository;
import org.concordat.broker.delivery.PartnerDirectory;
import org.concordat.broker.ledger.FollowUps;
import org.concordat.broker.ledger.LedgerRepository;
import org.concordat.broker.ledger.LedgerSequencer;
import org.concordat.broker.ledger.RotatingSigner;
import org.concordat.broker.settings.ConcordatProperties;
import org.concordat.broker.subject.SubjectDirectory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.support.TransactionTemplate;

/** The consent registry, the decision engine's consent cache and UK Core validation. */
@Configuration(proxyBeanMethods = false)
class ConsentConfiguration {
  private static final Logger log = LoggerFactory.getLogger(ConsentConfiguration.class);

  /** Everyone's consent, opt-out and grants, loaded once; changes refresh it person by person. */
  @Bean
  ConsentCache consentCache(
      ConsentRepository consents, OptOutResults optOuts, LiveGrants grants, Clock clock) {
    ConsentCache cache = new ConsentCache(consents, optOuts, grants, clock);
    cache.loadAll();
    return cache;
  }

  /** The consent sync's timer: it reloads people whose consent another node changed. */
  @Bean
  org.apache.camel.builder.RouteBuilder consentSyncRoutes() {
    return new org.apache.camel.builder.RouteBuilder() {
      @Override
      public void configure() {
        from("timer:consent-sync?period={{concordat.consent.sync-interval:1000}}&synchronous=true")
            .routeId("consent-sync")
            .bean("consentCacheSync", "poll");
      }
    };
  }

  /** Reloads people whose consent another broker node changed (driven by a Camel timer). */
  @Bean
  ConsentCacheSync consentCacheSync(
      ConsentCache cache,
      ConsentRepository consents,
      LiveGrants grants,
      OptOutResults optOuts,
      LedgerRepository ledger) {
    return new ConsentCacheSync(cache, consents, grants, optOuts, ledger);
  }

  /**
   * The offline UK Core validation chain: built once (snapshots and caches take seconds), warmed in
   * the background so the first Consent is not slow.
   */
  @Bean
  UkCoreValidator ukCoreValidator(FhirContext fhir) {
    UkCoreValidator validator = UkCoreValidator.load(fhir);
    Thread warm =
        new Thread(
            () -> {
              try {
                validator.warmUp();
              } catch (RuntimeException e) {
                log.warn(
                    "Warming the UK Core validator failed; the first validation will be slow", e);
              }
            },
            "uk-core-validator-warm-up");
    warm.setDaemon(true);
    warm.start();
    return validator;
  }

  /** The threads and time budget UK Core validation of a Consent runs within. */
  @Bean(destroyMethod = "close")
  TimeBudget consentValidationBudget(ConcordatProperties properties) {
    ConcordatProperties.Limits limits =
        java.util.Objects.requireNonNull(
            java.util.Objects.requireNonNull(properties.consent()).limits());
    return new TimeBudget(
        "consent-validation",
        java.util.Objects.requireNonNull(limits.validationThreads()),
        java.util.Objects.requireNonNull(limits.validationTimeout()));
  }

  @Bean
  ConsentRegistry consentRegistry(
      ConsentRepository consents,
      ConsentCache cache,
      LedgerSequencer ledger,
      FollowUps followUps,
      LedgerRepository ledgerEntries,
      OutboxRepository outbox,
      SubjectDirectory subjects,
      ProtocolRegistry protocol,
      QueuedRedecision pipeline,
      PartnerDirectory partners,
      FhirContext fhir,
      UkCoreValidator validator,
      TimeBudget consentValidationBudget,
      RotatingSigner checkpointSigner,
      ConcordatProperties properties,
      TransactionTemplate transactions,
      Clock clock,
      ApplicationEventPublisher events) {
    return new ConsentRegistry(
        consents,
        cache,
        ledger,
        followUps,
        ledgerEntries,
        outbox,
        subjects,
        protocol,
        pipeline,
        partners,
        fhir,
        validator,
        consentValidationBudget,
        checkpointSigner,
        properties.ledger().origin(),
        transactions,
        clock,
        UUID::randomUUID,
        events);
  }

  /** Consent at {@code /fhir/Consent}. */
  @Bean
  ConsentProvider consentProvider(ConsentRegistry registry) {
    return new ConsentProvider(registry);
  }
}
