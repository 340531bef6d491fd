package org.concordat.protocols.ledger;

import java.util.Optional;

/**
 * The body of a ledger entry; which one is decided by the entry's {@link EntryType}. Each body is a
 * record validated in its constructor, written as the entry's {@code "body"} member in canonical
 * JSON (shapes in docs/ledger-format.md).
 */
public sealed interface EntryBody
    permits DisclosureBody,
        ConsentChangeBody,
        BreakGlassGrantBody,
        BreakGlassReviewBody,
        BreakGlassRevocationBody,
        ProtocolEventBody,
        KeyRotationBody {

  /**
   * The subject key (see {@link SubjectKeys}) this entry is about, if it is about a person; the
   * broker indexes entries by it for subject access requests.
   */
  Optional<SubjectKey> subjectKey();
}
