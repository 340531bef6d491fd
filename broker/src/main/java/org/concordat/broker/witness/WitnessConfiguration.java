package org.concordat.broker.witness;

import java.time.Clock;
import org.concordat.adapters.crypto.BouncyCastleEd25519Verifier;
import org.concordat.broker.agreement.ProtocolRegistry;
import org.concordat.broker.ledger.LedgerRepository;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The partnership's witnesses: their cosignatures and alerts. */
@Configuration(proxyBeanMethods = false)
class WitnessConfiguration {

  @Bean
  WitnessRegistry witnessRegistry(
      LedgerRepository ledger,
      ProtocolRegistry protocol,
      Clock clock,
      ApplicationEventPublisher events) {
    return new WitnessRegistry(ledger, protocol, BouncyCastleEd25519Verifier::new, clock, events);
  }
}
