package org.concordat.broker.wiring;

import java.time.Clock;
import java.util.UUID;
import org.concordat.broker.persistence.BreakGlassRepository;
import org.concordat.broker.persistence.LedgerRepository;
import org.concordat.broker.pipeline.BreakGlass;
import org.concordat.broker.pipeline.ConsentCache;
import org.concordat.broker.pipeline.LedgerSequencer;
import org.concordat.broker.pipeline.ProtocolRegistry;
import org.concordat.broker.pipeline.SubjectDirectory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Break-glass grants, their review queue and alerts. */
@Configuration(proxyBeanMethods = false)
public class BreakGlassConfiguration {

  @Bean
  BreakGlass breakGlass(
      BreakGlassRepository grants,
      LedgerSequencer ledger,
      LedgerRepository ledgerEntries,
      SubjectDirectory subjects,
      ProtocolRegistry protocol,
      ConsentCache cache,
      ConcordatProperties properties,
      Clock clock) {
    ConcordatProperties.Consent consent = java.util.Objects.requireNonNull(properties.consent());
    return new BreakGlass(
        grants,
        ledger,
        ledgerEntries,
        subjects,
        protocol,
        cache,
        java.util.Objects.requireNonNull(consent.breakGlassMaxDuration()),
        clock,
        UUID::randomUUID);
  }
}
