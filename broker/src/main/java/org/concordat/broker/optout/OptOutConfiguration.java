package org.concordat.broker.optout;

import java.time.Clock;
import java.util.Objects;
import java.util.UUID;
import org.concordat.broker.agreement.QueuedRedecision;
import org.concordat.broker.consent.ConsentCache;
import org.concordat.broker.ledger.FollowUps;
import org.concordat.broker.settings.ConcordatProperties;
import org.concordat.broker.subject.SubjectDirectory;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.support.TransactionTemplate;

/** National data opt-out imports: their results feed the consent cache. */
@Configuration(proxyBeanMethods = false)
class OptOutConfiguration {

  @Bean
  OptOutImports optOutImports(
      OptOutRepository optOuts,
      ConsentCache cache,
      QueuedRedecision redecision,
      SubjectDirectory subjects,
      TransactionTemplate transactions,
      ConcordatProperties properties,
      Clock clock,
      FollowUps followUps) {
    return new OptOutImports(
        optOuts,
        cache,
        redecision,
        subjects,
        transactions,
        clock,
        Objects.requireNonNull(Objects.requireNonNull(properties.consent()).optOutValidity()),
        UUID::randomUUID,
        followUps);
  }
}
