package org.concordat.protocols.ledger;

import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.function.LongConsumer;
import org.concordat.protocols.ledger.LedgerVerificationException.Failure;
import org.jspecify.annotations.Nullable;

/**
 * Verifies an exported ledger offline, from values alone: the entry bytes in index order, the
 * signed checkpoint notes and the log's verifier keys. It opens every checkpoint with the trusted
 * keys, reads every entry canonically (see {@link CanonicalEntryScanner}) and checks its index is
 * its position, recomputes every leaf hash and the root at every checkpoint size in one streaming
 * pass (O(log n) memory), and stops at the first failure with a {@link LedgerVerificationException}
 * naming it.
 *
 * <p>Consistency between consecutive checkpoints needs no proof here: both roots are recomputed
 * from one sequence of entries, so the smaller tree is a prefix of the larger by construction (a
 * stronger check than verifying a consistency proof).
 */
public final class LedgerVerifier {
  /** How often, in entries, the progress callback is called. */
  public static final int PROGRESS_EVERY = 4096;

  private final String origin;
  private final List<NoteVerifier> logKeys;
  private final Set<String> trusted = new HashSet<>();

  /**
   * @param origin the ledger's checkpoint origin, e.g. {@code concordat.example/ledger}
   * @param logKeys the ledger's trusted checkpoint keys (current and rotated-out)
   */
  public LedgerVerifier(String origin, List<NoteVerifier> logKeys) {
    this.origin = Objects.requireNonNull(origin, "origin");
    this.logKeys = List.copyOf(logKeys);
    if (this.logKeys.isEmpty()) {
      throw new IllegalArgumentException("Verification needs at least one trusted key");
    }
    for (NoteVerifier key : this.logKeys) {
      trusted.add(key.keyName() + "+" + key.keyId());
    }
  }

  /**
   * Verifies {@code entries} (exact bytes, index order) against {@code checkpointNotes}.
   *
   * @param progress called with the number of entries verified so far, every {@link
   *     #PROGRESS_EVERY} entries and at the end
   * @throws LedgerVerificationException naming the first failing entry or checkpoint and why
   */
  public VerifiedLedger verify(
      Iterator<byte[]> entries, List<String> checkpointNotes, LongConsumer progress)
      throws LedgerVerificationException {
    Objects.requireNonNull(entries, "entries");
    return run(
        new Iterator<>() {
          @Override
          public boolean hasNext() {
            return entries.hasNext();
          }

          @Override
          public Item next() {
            return new Item(entries.next(), null);
          }
        },
        checkpointNotes,
        progress);
  }

  /**
   * Like {@link #verify} for entries with their stored leaf hashes, so that a changed entry is
   * named exactly ({@link Failure#LEAF_HASH_MISMATCH}) before any checkpoint root is compared.
   */
  public VerifiedLedger verifyStored(
      Iterator<StoredEntry> entries, List<String> checkpointNotes, LongConsumer progress)
      throws LedgerVerificationException {
    Objects.requireNonNull(entries, "entries");
    return run(
        new Iterator<>() {
          @Override
          public boolean hasNext() {
            return entries.hasNext();
          }

          @Override
          public Item next() {
            StoredEntry entry = entries.next();
            return new Item(entry.bytes(), entry.leafHash());
          }
        },
        checkpointNotes,
        progress);
  }

  private record Item(byte[] bytes, byte @Nullable [] storedLeafHash) {}

  private VerifiedLedger run(
      Iterator<Item> items, List<String> checkpointNotes, LongConsumer progress)
      throws LedgerVerificationException {
    Objects.requireNonNull(progress, "progress");
    List<Checkpoint> checkpoints = checkpoints(checkpointNotes);
    PeekingIterator<Item> entries = new PeekingIterator<>(items);
    CompactRange range = CompactRange.empty();
    TreeHasher hasher = new TreeHasher();
    CanonicalEntryScanner scanner = new CanonicalEntryScanner();
    int next = 0;
    long previousSize = 0;
    long position = 0;
    List<Item> chunk = new ArrayList<>(CHUNK);
    byte[][] leaves = new byte[CHUNK][];
    while (true) {
      chunk.clear();
      while (chunk.size() < CHUNK && entries.hasNext()) {
        chunk.add(entries.next());
      }
      // The expensive part (reading each entry canonically and hashing it) runs on two cores;
      // the tree is then built in order. A chunk with any problem is gone through again one entry
      // at a time, so the failure reported is exactly the first, worded as before.
      boolean clean = !chunk.isEmpty() && hashChunk(chunk, position, leaves);
      PeekingIterator<Item> again =
          clean ? null : new PeekingIterator<>(concat(chunk.iterator(), entries));
      for (int i = 0; i <= chunk.size(); i++) {
        // Compare every checkpoint that ends here before reading further.
        while (next < checkpoints.size() && checkpoints.get(next).size().value() == position) {
          Checkpoint checkpoint = checkpoints.get(next);
          if (!MessageDigest.isEqual(range.root(), checkpoint.rootHash())) {
            throw LedgerVerificationException.atCheckpoint(
                Failure.ROOT_MISMATCH,
                checkpoint.size(),
                "the first "
                    + position
                    + " entries do not hash to its root: an entry with index "
                    + previousSize
                    + " to "
                    + (position - 1)
                    + " was changed, or the checkpoint is not of this ledger");
          }
          previousSize = position;
          next++;
        }
        if (i == chunk.size()) {
          break;
        }
        byte[] leaf =
            clean
                ? leaves[i]
                : check(
                    java.util.Objects.requireNonNull(again).next(),
                    position,
                    again,
                    hasher,
                    scanner);
        range.appendLeaf(leaf);
        position++;
        if (position % PROGRESS_EVERY == 0) {
          progress.accept(position);
        }
      }
      if (chunk.isEmpty()) {
        break;
      }
    }
    progress.accept(position);
    if (next < checkpoints.size()) {
      Checkpoint missing = checkpoints.get(next);
      throw LedgerVerificationException.atCheckpoint(
          Failure.TRUNCATED,
          missing.size(),
          "it covers "
              + missing.size()
              + " entries but the export holds only "
              + position
              + ": entries from index "
              + position
              + " are missing (a truncated tail)");
    }
    return new VerifiedLedger(new TreeSize(position), checkpoints, position - previousSize);
  }

  /** Entries read and hashed together; a multiple of {@link #PROGRESS_EVERY}. */
  static final int CHUNK = PROGRESS_EVERY;

  /**
   * Reads and hashes a chunk whose first entry should have index {@code first}, half on this thread
   * and half on the common pool, into {@code leaves}; false if any entry is not canonical, has the
   * wrong index, or does not match its stored leaf hash.
   */
  private static boolean hashChunk(List<Item> chunk, long first, byte[][] leaves) {
    int n = chunk.size();
    int half = n / 2;
    java.util.concurrent.CompletableFuture<Boolean> second =
        half == 0
            ? java.util.concurrent.CompletableFuture.completedFuture(true)
            : java.util.concurrent.CompletableFuture.supplyAsync(
                () -> hashRange(chunk, first, leaves, half, n));
    boolean firstHalf = hashRange(chunk, first, leaves, 0, half == 0 ? n : half);
    return second.join() && firstHalf;
  }

  private static boolean hashRange(
      List<Item> chunk, long first, byte[][] leaves, int from, int to) {
    TreeHasher hasher = new TreeHasher();
    CanonicalEntryScanner scanner = new CanonicalEntryScanner();
    boolean clean = true;
    for (int i = from; i < to; i++) {
      Item item = chunk.get(i);
      long index = scanner.index(item.bytes());
      if (index == CanonicalEntryScanner.NOT_RECOGNISED) {
        try {
          index = LedgerEntry.parse(item.bytes()).index();
        } catch (InvalidLedgerEntryException e) {
          clean = false;
          continue;
        }
      }
      byte[] leaf = hasher.leaf(item.bytes());
      byte[] stored = item.storedLeafHash();
      if (index != first + i || (stored != null && !MessageDigest.isEqual(leaf, stored))) {
        clean = false;
      }
      leaves[i] = leaf;
    }
    return clean;
  }

  private static <T> Iterator<T> concat(Iterator<T> first, Iterator<T> then) {
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return first.hasNext() || then.hasNext();
      }

      @Override
      public T next() {
        return first.hasNext() ? first.next() : then.next();
      }
    };
  }

  private static byte[] check(
      Item item,
      long position,
      PeekingIterator<Item> entries,
      TreeHasher hasher,
      CanonicalEntryScanner scanner)
      throws LedgerVerificationException {
    // The scanner proves the common entries canonical and well formed in one pass; anything it
    // does not recognise gets the full parser's verdict, so exactly what LedgerEntry.parse accepts
    // is accepted.
    long index = scanner.index(item.bytes());
    if (index == CanonicalEntryScanner.NOT_RECOGNISED) {
      try {
        index = LedgerEntry.parse(item.bytes()).index();
      } catch (InvalidLedgerEntryException e) {
        throw LedgerVerificationException.atEntry(
            Failure.MALFORMED_ENTRY, position, "not a canonical ledger entry: " + e.getMessage());
      }
    }
    if (index != position) {
      throw indexFailure(index, position, entries);
    }
    byte[] leaf = hasher.leaf(item.bytes());
    byte[] stored = item.storedLeafHash();
    if (stored != null && !MessageDigest.isEqual(leaf, stored)) {
      throw LedgerVerificationException.atEntry(
          Failure.LEAF_HASH_MISMATCH,
          position,
          "its bytes hash to "
              + Base64.getEncoder().encodeToString(leaf)
              + " but the stored leaf hash is "
              + Base64.getEncoder().encodeToString(stored)
              + ": the entry was changed");
    }
    return leaf;
  }

  private static LedgerVerificationException indexFailure(
      long index, long position, PeekingIterator<Item> entries) {
    if (index < position) {
      return LedgerVerificationException.atEntry(
          Failure.INDEX_ORDER,
          position,
          "the entry in this position has index "
              + index
              + ": entries are out of order or repeated");
    }
    long following = -1;
    if (entries.hasNext()) {
      try {
        following = LedgerEntry.parse(entries.peek().bytes()).index();
      } catch (InvalidLedgerEntryException e) {
        following = -1;
      }
    }
    if (following == position) {
      return LedgerVerificationException.atEntry(
          Failure.INDEX_ORDER,
          position,
          "the entry in this position has index "
              + index
              + " and entry "
              + position
              + " follows it: entries are out of order (swapped)");
    }
    return LedgerVerificationException.atEntry(
        Failure.INDEX_GAP,
        position,
        "missing: the entry in this position has index "
            + index
            + (index - position == 1
                ? " (one entry deleted)"
                : " (" + (index - position) + " entries deleted)"));
  }

  private List<Checkpoint> checkpoints(List<String> notes) throws LedgerVerificationException {
    Objects.requireNonNull(notes, "checkpointNotes");
    if (notes.isEmpty()) {
      throw LedgerVerificationException.general(
          Failure.NO_CHECKPOINT, "There is no checkpoint: nothing signed to verify against");
    }
    List<Checkpoint> checkpoints = new ArrayList<>();
    for (int i = 0; i < notes.size(); i++) {
      checkpoints.add(open(notes.get(i), i));
    }
    checkpoints.sort(Comparator.comparingLong(c -> c.size().value()));
    List<Checkpoint> distinct = new ArrayList<>();
    for (Checkpoint checkpoint : checkpoints) {
      Checkpoint last = distinct.isEmpty() ? null : distinct.get(distinct.size() - 1);
      if (last != null && last.size().equals(checkpoint.size())) {
        if (!last.equals(checkpoint)) {
          throw LedgerVerificationException.atCheckpoint(
              Failure.INCONSISTENT_CHECKPOINTS,
              checkpoint.size(),
              "two signed checkpoints of this size have different roots (a fork)");
        }
        continue;
      }
      distinct.add(checkpoint);
    }
    return distinct;
  }

  private Checkpoint open(String note, int number) throws LedgerVerificationException {
    String where = "Checkpoint note " + (number + 1);
    NoteSignatureLines.Split split;
    try {
      split = NoteSignatureLines.split(note);
    } catch (InvalidSignatureException e) {
      throw LedgerVerificationException.general(
          Failure.MALFORMED_CHECKPOINT, where + ": " + e.getMessage());
    }
    Checkpoint unverified;
    try {
      unverified = Checkpoint.parse(split.body());
    } catch (IllegalArgumentException e) {
      throw LedgerVerificationException.general(
          Failure.MALFORMED_CHECKPOINT, where + ": " + e.getMessage());
    }
    TreeSize size = unverified.size();
    boolean anyTrusted = false;
    for (NoteSignatureLines.Line line : split.lines()) {
      anyTrusted |= trusted.contains(line.keyName() + "+" + line.keyId());
    }
    if (!anyTrusted) {
      throw LedgerVerificationException.atCheckpoint(
          Failure.NO_TRUSTED_SIGNATURE,
          size,
          "no signature is by a trusted key (signed by "
              + signers(split)
              + "; trusted: "
              + logKeys.stream().map(NoteVerifier::keyName).toList()
              + ")");
    }
    VerifiedNote opened;
    try {
      opened = SignedNote.open(note, logKeys);
    } catch (InvalidSignatureException e) {
      throw LedgerVerificationException.atCheckpoint(
          Failure.BAD_SIGNATURE, size, e.getMessage() == null ? "bad signature" : e.getMessage());
    }
    Checkpoint checkpoint = Checkpoint.parse(opened.body());
    if (!checkpoint.origin().equals(origin)) {
      throw LedgerVerificationException.atCheckpoint(
          Failure.WRONG_ORIGIN,
          size,
          "it is for the log " + checkpoint.origin() + ", not " + origin);
    }
    return checkpoint;
  }

  private static List<String> signers(NoteSignatureLines.Split split) {
    return split.lines().stream().map(NoteSignatureLines.Line::keyName).toList();
  }

  /** An iterator that can look one element ahead (to tell a swap from a gap). */
  private static final class PeekingIterator<T> implements Iterator<T> {
    private final Iterator<T> inner;
    private @Nullable T peeked;

    PeekingIterator(Iterator<T> inner) {
      this.inner = inner;
    }

    @Override
    public boolean hasNext() {
      return peeked != null || inner.hasNext();
    }

    T peek() {
      if (peeked == null) {
        peeked = inner.next();
      }
      return peeked;
    }

    @Override
    public T next() {
      if (peeked != null) {
        T value = peeked;
        peeked = null;
        return value;
      }
      if (!inner.hasNext()) {
        throw new NoSuchElementException();
      }
      return inner.next();
    }
  }

  @Override
  public String toString() {
    return "LedgerVerifier[" + origin + "]";
  }
}
