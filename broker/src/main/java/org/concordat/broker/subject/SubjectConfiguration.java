package org.concordat.broker.subject;

import java.io.IOException;
import java.security.SecureRandom;
import java.time.Clock;
import org.concordat.adapters.crypto.SecretFiles;
import org.concordat.broker.ledger.LedgerRepository;
import org.concordat.broker.ledger.LedgerView;
import org.concordat.broker.settings.ConcordatProperties;
import org.concordat.protocols.ledger.PartnershipKeys;
import org.concordat.protocols.ledger.SubjectKeyScheme;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** Subject keys and salts, subject access and its FHIR AuditEvent view. */
@Configuration(proxyBeanMethods = false)
class SubjectConfiguration {
  static final String SUBJECT_SECRET_FILE = "subject-hash.secret";

  /**
   * Subject and lookup keys: the partnership secret (generated into the data folder on first start)
   * under the database's scheme, HKDF_V2 for a new database (docs/ledger-format.md).
   */
  @Bean
  SubjectDirectory subjectDirectory(
      ConcordatProperties properties,
      SubjectSaltRepository salts,
      SubjectKeySchemeRepository schemes,
      SecureRandom random,
      Clock clock)
      throws IOException {
    byte[] secret =
        SecretFiles.loadOrGenerate(properties.keysDir().resolve(SUBJECT_SECRET_FILE), 32, random);
    SubjectKeyScheme scheme = schemes.findOrChoose(SubjectKeyScheme.HKDF_V2, clock.instant());
    return new SubjectDirectory(PartnershipKeys.of(secret, scheme), salts, random, clock);
  }

  @Bean
  SubjectAccess subjectAccess(
      SubjectDirectory subjects, LedgerRepository ledger, LedgerView ledgerView) {
    return new SubjectAccess(subjects, ledger, ledgerView);
  }

  @Bean
  AuditEventProvider auditEventProvider(
      SubjectAccess subjectAccess, ConcordatProperties properties) {
    return new AuditEventProvider(subjectAccess, new AuditEvents(properties.ledger().origin()));
  }
}
