package org.concordat.broker.subject;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;
import org.concordat.protocols.ledger.PartnershipKeys;
import org.concordat.protocols.ledger.SubjectKey;
import org.concordat.protocols.ledger.SubjectKeyScheme;
import org.concordat.protocols.ledger.SubjectKeys;
import org.concordat.protocols.ledger.SubjectSalt;
import org.concordat.protocols.subject.LookupKey;
import org.concordat.protocols.subject.LookupKeys;
import org.concordat.protocols.subject.NhsNumber;

/**
 * A person's two pseudonyms: the {@link SubjectKey} ledger entries carry (HMAC of a per-person salt
 * and the NHS number) and the {@link LookupKey} this store files them under (HMAC of the NHS number
 * alone), both keyed from the partnership secret under the database's {@link SubjectKeyScheme}. The
 * salt is created on the person's first disclosure and kept in the broker's own table, which is how
 * IG search maps a person to their entries.
 */
public final class SubjectDirectory {
  static final int SALT_BYTES = 32;

  private final SubjectKeyScheme scheme;
  private final LookupKeys lookup;
  private final SubjectKeys keys;
  private final SubjectSaltRepository salts;
  private final SecureRandom random;
  private final Clock clock;

  public SubjectDirectory(
      PartnershipKeys partnershipKeys,
      SubjectSaltRepository salts,
      SecureRandom random,
      Clock clock) {
    this.scheme = partnershipKeys.scheme();
    this.lookup = partnershipKeys.lookupKeys();
    this.keys = partnershipKeys.subjectKeys();
    this.salts = salts;
    this.random = random;
    this.clock = clock;
  }

  /** The scheme this broker's keys are made under (the database's, shared by all nodes). */
  public SubjectKeyScheme scheme() {
    return scheme;
  }

  /** The person's subject key, creating their salt on first use. */
  public SubjectKey subjectKey(NhsNumber person) {
    byte[] fresh = new byte[SALT_BYTES];
    random.nextBytes(fresh);
    byte[] salt = salts.findOrCreate(lookup.lookupKey(person).value(), fresh, clock.instant());
    return keys.subjectKey(person, new SubjectSalt(salt));
  }

  /**
   * The person's lookup key. Consent, opt-out and break-glass records are kept under it (and the
   * decision engine asks by it), so they do not depend on the person's salt. Never goes into the
   * ledger.
   */
  public LookupKey lookupKey(NhsNumber person) {
    return lookup.lookupKey(person);
  }

  /** The person's subject key if anything was ever recorded about them (and not erased). */
  public Optional<SubjectKey> existingSubjectKey(NhsNumber person) {
    return salts
        .find(lookup.lookupKey(person).value())
        .map(salt -> keys.subjectKey(person, new SubjectSalt(salt)));
  }
}
