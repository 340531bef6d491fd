package org.concordat.broker.subject;

import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;
import org.concordat.protocols.ledger.SubjectKeys;
import org.concordat.protocols.ledger.SubjectSalt;
import org.concordat.protocols.subject.NhsNumber;
import org.concordat.protocols.subject.SubjectHasher;

/**
 * The subject key ledger entries carry for a person: HMAC of a per-person salt and the NHS number
 * under the partnership secret. The salt is created on the person's first disclosure and kept in
 * the broker's own table, which is how IG search maps a person to their entries.
 */
public final class SubjectDirectory {
  static final int SALT_BYTES = 32;

  private final SubjectHasher lookup;
  private final SubjectKeys keys;
  private final SubjectSaltRepository salts;
  private final SecureRandom random;
  private final Clock clock;

  public SubjectDirectory(
      SubjectHasher lookup,
      SubjectKeys keys,
      SubjectSaltRepository salts,
      SecureRandom random,
      Clock clock) {
    this.lookup = lookup;
    this.keys = keys;
    this.salts = salts;
    this.random = random;
    this.clock = clock;
  }

  /** The person's subject key, creating their salt on first use. */
  public String subjectKey(NhsNumber person) {
    byte[] fresh = new byte[SALT_BYTES];
    random.nextBytes(fresh);
    byte[] salt = salts.findOrCreate(lookup.hash(person), fresh, clock.instant());
    return keys.subjectKey(person, new SubjectSalt(salt));
  }

  /**
   * The person's lookup key: HMAC of the NHS number alone under the partnership secret. Consent,
   * opt-out and break-glass records are kept under it (and the decision engine asks by it), so they
   * do not depend on the person's salt.
   */
  public String lookupKey(NhsNumber person) {
    return lookup.hash(person);
  }

  /** The person's subject key if anything was ever recorded about them (and not erased). */
  public Optional<String> existingSubjectKey(NhsNumber person) {
    return salts
        .find(lookup.hash(person))
        .map(salt -> keys.subjectKey(person, new SubjectSalt(salt)));
  }
}
