package org.concordat.broker.agreement;

import java.time.Clock;
import org.concordat.adapters.crypto.BouncyCastleEd25519Verifier;
import org.concordat.broker.ledger.Leadership;
import org.concordat.broker.ledger.LedgerRepository;
import org.concordat.broker.ledger.LedgerSequencer;
import org.concordat.broker.settings.ConcordatProperties;
import org.concordat.protocols.consent.ConsentPort;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

/** The protocol in force, the parties' standings, protocol administration and signatures. */
@Configuration(proxyBeanMethods = false)
class AgreementConfiguration {

  /** The protocol in force: read, signature-checked and evaluated with the parties' standings. */
  @Bean
  ProtocolRegistry protocolRegistry(
      ConcordatProperties properties,
      PartyStandingRepository standings,
      Clock clock,
      ConsentPort consents) {
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

  @Bean
  ProtocolSignatureRecorder protocolSignatureRecorder(
      ProtocolRegistry protocol, LedgerRepository entries, LedgerSequencer ledger) {
    return new ProtocolSignatureRecorder(protocol, entries, ledger);
  }

  /** Once started, the leading node records the signatures of the protocol in force. */
  @Bean
  SignaturesAtStart signaturesAtStart(ProtocolSignatureRecorder signatures, Leadership leadership) {
    return new SignaturesAtStart(signatures, leadership);
  }

  static final class SignaturesAtStart {
    private final ProtocolSignatureRecorder signatures;
    private final Leadership leadership;

    SignaturesAtStart(ProtocolSignatureRecorder signatures, Leadership leadership) {
      this.signatures = signatures;
      this.leadership = leadership;
    }

    @EventListener(ApplicationReadyEvent.class)
    void recordProtocolSignatures() {
      if (leadership.isLeader()) {
        signatures.recordNewSignatures();
      }
    }
  }
}
