package org.concordat.broker.subject;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.concordat.broker.ledger.LedgerRepository;
import org.concordat.broker.ledger.LedgerRepository.StoredCheckpoint;
import org.concordat.broker.ledger.LedgerView;
import org.concordat.protocols.ledger.LedgerEntry;
import org.concordat.protocols.ledger.SubjectKey;
import org.concordat.protocols.subject.NhsNumber;
import org.jspecify.annotations.Nullable;

/**
 * A subject access export ("who saw my record?"): every ledger entry about one person, each with
 * its inclusion proof in the latest signed checkpoint, so the answer can be checked against the
 * public log without trusting the broker.
 */
final class SubjectAccess {
  private final SubjectDirectory subjects;
  private final LedgerRepository ledger;
  private final LedgerView view;

  public SubjectAccess(SubjectDirectory subjects, LedgerRepository ledger, LedgerView view) {
    this.subjects = subjects;
    this.ledger = ledger;
    this.view = view;
  }

  /**
   * The report.
   *
   * @param checkpoint the signed checkpoint the proofs are against; null if none is signed yet
   * @param entries the person's entries; those after the checkpoint have no proof yet
   */
  public record Report(
      String subjectKey, @Nullable String checkpoint, long checkpointSize, List<Item> entries) {}

  /**
   * One entry: its index, its exact bytes as text, and the inclusion proof (base64, RFC 6962 order)
   * in the checkpoint's tree; null if it came after the checkpoint.
   */
  public record Item(long index, String entry, @Nullable List<String> inclusionProof) {}

  /** Every ledger entry about the person, parsed, in index order (empty if none or erased). */
  public List<LedgerEntry> entries(NhsNumber person) {
    return subjects
        .existingSubjectKey(person)
        .map(
            key ->
                ledger.entriesForSubject(key.value()).stream()
                    .map(stored -> LedgerEntry.parse(stored.bytes()))
                    .toList())
        .orElse(List.of());
  }

  /** The report, or empty if nothing was ever recorded about the person (or it was erased). */
  public Optional<Report> report(NhsNumber person) {
    Optional<SubjectKey> key = subjects.existingSubjectKey(person);
    if (key.isEmpty()) {
      return Optional.empty();
    }
    Optional<StoredCheckpoint> checkpoint = ledger.latestCheckpoint();
    long size = checkpoint.map(StoredCheckpoint::treeSize).orElse(0L);
    List<Item> items = new ArrayList<>();
    for (LedgerRepository.StoredEntry entry : ledger.entriesForSubject(key.get().value())) {
      items.add(
          new Item(
              entry.index(),
              new String(entry.bytes(), StandardCharsets.UTF_8),
              entry.index() < size ? view.inclusion(entry.index(), size).base64Hashes() : null));
    }
    return Optional.of(
        new Report(
            key.get().value(),
            checkpoint.map(StoredCheckpoint::signedNote).orElse(null),
            size,
            items));
  }
}
