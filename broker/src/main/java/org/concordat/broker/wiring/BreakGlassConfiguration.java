package org.concordat.broker.wiring;

import java.time.Clock;
import java.util.UUID;
import org.concordat.broker.persistence.BreakGlassRepository;
import org.concordat.broker.persistence.LedgerRepository;
import org.concordat.broker.pipeline.BreakGlass;
import org.concordat.broker.pipeline.ConsentCache;
import org.concordat.broker.pipeline.DisclosurePipeline;
import org.concordat.broker.pipeline.LedgerSequencer;
import org.concordat.broker.pipeline.ProtocolRegistry;
import org.concordat.broker.pipeline.SubjectDirectory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Break-glass grants, their review queue, revocation and alerts; when a grant ends (expiry or
 * revocation) the disclosures still queued under it are decided again.
 */
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
      DisclosurePipeline pipeline,
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
        pipeline,
        java.util.Objects.requireNonNull(consent.breakGlassMaxDuration()),
        clock,
        UUID::randomUUID);
  }
}
