package org.concordat.broker.breakglass;

import java.time.Clock;
import java.util.UUID;
import org.concordat.broker.agreement.ProtocolRegistry;
import org.concordat.broker.agreement.QueuedRedecision;
import org.concordat.broker.consent.ConsentCache;
import org.concordat.broker.ledger.FollowUps;
import org.concordat.broker.ledger.LedgerRepository;
import org.concordat.broker.ledger.LedgerSequencer;
import org.concordat.broker.settings.ConcordatProperties;
import org.concordat.broker.subject.SubjectDirectory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Break-glass grants, their review queue, revocation and alerts; when a grant ends (expiry or
 * revocation) the disclosures still queued under it are decided again.
 */
@Configuration(proxyBeanMethods = false)
class BreakGlassConfiguration {

  @Bean
  BreakGlass breakGlass(
      BreakGlassRepository grants,
      LedgerSequencer ledger,
      LedgerRepository ledgerEntries,
      SubjectDirectory subjects,
      ProtocolRegistry protocol,
      ConsentCache cache,
      QueuedRedecision pipeline,
      ConcordatProperties properties,
      Clock clock,
      FollowUps followUps,
      ApplicationEventPublisher events) {
    ConcordatProperties.Consent consent = java.util.Objects.requireNonNull(properties.consent());
    return new BreakGlass(
        grants,
        ledger,
        ledgerEntries,
        subjects,
        protocol,
        cache,
        pipeline,
        java.util.Objects.requireNonNull(consent.breakGlassMaxDuration()),
        clock,
        UUID::randomUUID,
        followUps,
        events);
  }

  /** Grants that expired since the last pass: what is still queued under them is decided again. */
  @Bean
  org.apache.camel.builder.RouteBuilder breakGlassEndRoutes() {
    return new org.apache.camel.builder.RouteBuilder() {
      @Override
      public void configure() {
        from("timer:break-glass-ends?period={{concordat.consent.break-glass-end-check:5000}}"
                + "&synchronous=true")
            .routeId("break-glass-ends")
            .bean("breakGlass", "endExpired");
      }
    };
  }
}
