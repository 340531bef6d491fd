package org.concordat.broker.agreement;

import java.util.Objects;
import org.concordat.protocols.ledger.SubjectKey;
import org.concordat.protocols.sharing.OdsCode;
import org.concordat.protocols.subject.LookupKey;

/**
 * A change that can narrow what is allowed, naming its scope: every queued, not yet delivered
 * disclosure in that scope is decided again under the state now in force ({@link
 * QueuedRedecision}). Raised by a consent change (one person), a break-glass grant ending (one
 * person), a party's standing changing (that party's flows), and the protocol in force changing or
 * going out of force, or an opt-out import (everything).
 *
 * @param cause what happened, as the start of a sentence for the {@code delivery-cancelled} entry,
 *     e.g. "XLA001 was suspended"; no personal data
 */
public record NarrowingChange(Scope scope, String cause) {
  public NarrowingChange {
    Objects.requireNonNull(scope, "scope");
    Objects.requireNonNull(cause, "cause");
  }

  /** Which queued disclosures a change may affect. */
  public sealed interface Scope permits Person, Party, Everything {}

  /** Disclosures about one person. */
  public record Person(SubjectKey subjectKey, LookupKey lookupKey) implements Scope {
    public Person {
      Objects.requireNonNull(subjectKey, "subjectKey");
      Objects.requireNonNull(lookupKey, "lookupKey");
    }
  }

  /** Disclosures one party sends or receives. */
  public record Party(OdsCode party) implements Scope {
    public Party {
      Objects.requireNonNull(party, "party");
    }
  }

  /** Every queued disclosure. */
  public record Everything() implements Scope {}

  public static NarrowingChange person(SubjectKey subjectKey, LookupKey lookupKey, String cause) {
    return new NarrowingChange(new Person(subjectKey, lookupKey), cause);
  }

  public static NarrowingChange party(OdsCode party, String cause) {
    return new NarrowingChange(new Party(party), cause);
  }

  public static NarrowingChange everything(String cause) {
    return new NarrowingChange(new Everything(), cause);
  }
}
