package org.concordat.broker.ledger;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.concordat.protocols.ledger.LedgerEntry;
import org.concordat.protocols.ledger.MerkleHash;
import org.jspecify.annotations.Nullable;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The ledger's tables. Appends must run inside the caller's transaction: {@link #lockHead()} takes
 * the row lock that makes this the only writer until commit, so indexes are dense and ordered.
 */
@Repository
public class LedgerRepository {
  private final JdbcClient jdbc;
  private final JdbcTemplate batches;

  public LedgerRepository(JdbcClient jdbc, JdbcTemplate batches) {
    this.jdbc = jdbc;
    this.batches = batches;
  }

  /** Locks the ledger head for this transaction and returns the next index to assign. */
  public long lockHead() {
    return jdbc.sql("SELECT next_index FROM ledger_head WHERE id = 1 FOR UPDATE")
        .query(Long.class)
        .single();
  }

  /**
   * Stores a run of entries with consecutive indexes starting at the locked head, in one batched
   * statement, and moves the head past them.
   */
  public void insertAll(List<NewEntry> entries) {
    if (entries.isEmpty()) {
      return;
    }
    batches.batchUpdate(
        "INSERT INTO ledger_entry (entry_index, entry_type, entry_time, subject_hash,"
            + " message_id, entry_bytes, leaf_hash) VALUES (?, ?, ?, ?, ?, ?, ?)",
        entries,
        entries.size(),
        (statement, row) -> {
          LedgerEntry entry = row.entry();
          statement.setLong(1, entry.index());
          statement.setString(2, entry.type().wireName());
          statement.setObject(3, OffsetDateTime.ofInstant(entry.time(), ZoneOffset.UTC));
          statement.setString(4, row.subjectHash());
          statement.setString(5, row.messageId());
          statement.setBytes(6, row.bytes());
          statement.setBytes(7, row.leafHash());
        });
    long first = entries.get(0).entry().index();
    long next = entries.get(entries.size() - 1).entry().index() + 1;
    int moved =
        jdbc.sql("UPDATE ledger_head SET next_index = ? WHERE id = 1 AND next_index = ?")
            .params(next, first)
            .update();
    if (next - first != entries.size()) {
      throw new IllegalStateException("The batch of ledger entries is not consecutive");
    }
    if (moved != 1) {
      throw new HeadMovedException(first);
    }
  }

  /**
   * An entry to store: its canonical bytes and leaf hash (computed once), and the columns IG search
   * uses.
   */
  public record NewEntry(
      LedgerEntry entry,
      byte[] bytes,
      byte[] leafHash,
      @Nullable String subjectHash,
      @Nullable String messageId) {

    public static NewEntry of(
        LedgerEntry entry, @Nullable String subjectHash, @Nullable String messageId) {
      return of(entry, LedgerEntry.canonicalBody(entry.body()), subjectHash, messageId);
    }

    /** Like {@link #of(LedgerEntry, String, String)} with the body's canonical bytes at hand. */
    public static NewEntry of(
        LedgerEntry entry,
        byte[] canonicalBody,
        @Nullable String subjectHash,
        @Nullable String messageId) {
      byte[] bytes = entry.canonicalBytes(canonicalBody);
      return new NewEntry(entry, bytes, MerkleHash.leafHash(bytes), subjectHash, messageId);
    }
  }

  /** Another writer moved the ledger head since this one last read it. */
  public static final class HeadMovedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    HeadMovedException(long expected) {
      super("The ledger head is no longer at " + expected + ": another writer appended");
    }
  }

  /** The number of committed entries. */
  public long size() {
    return jdbc.sql("SELECT next_index FROM ledger_head WHERE id = 1").query(Long.class).single();
  }

  /** The stored bytes of entries {@code [start, end)}, in index order. */
  public List<StoredEntry> entries(long start, long end) {
    return jdbc.sql(
            "SELECT entry_index, entry_bytes, leaf_hash FROM ledger_entry"
                + " WHERE entry_index >= ? AND entry_index < ? ORDER BY entry_index")
        .params(start, end)
        .query((rs, row) -> new StoredEntry(rs.getLong(1), rs.getBytes(2), rs.getBytes(3)))
        .list();
  }

  /** The leaf hashes of the first {@code size} entries, in index order. */
  public List<byte[]> leafHashes(long size) {
    return jdbc.sql("SELECT leaf_hash FROM ledger_entry WHERE entry_index < ? ORDER BY entry_index")
        .param(size)
        .query((rs, row) -> rs.getBytes(1))
        .list();
  }

  /** Every entry of one type, in index order (for the few, rare types: rotations, signatures). */
  public List<StoredEntry> entriesOfType(String type) {
    return entriesWhere("entry_type", type);
  }

  /** Every entry about one person (by subject key), in index order. */
  public List<StoredEntry> entriesForSubject(String subjectKey) {
    return entriesWhere("subject_hash", subjectKey);
  }

  /** Entries about one inbound message, for the sender's answer and for IG search. */
  public List<StoredEntry> entriesForMessage(String messageId) {
    return entriesWhere("message_id", messageId);
  }

  /** Entries whose {@code column} (one of this class's own column names) equals {@code value}. */
  private List<StoredEntry> entriesWhere(String column, String value) {
    return jdbc.sql(
            "SELECT entry_index, entry_bytes, leaf_hash FROM ledger_entry WHERE "
                + column
                + " = ? ORDER BY entry_index")
        .param(value)
        .query((rs, row) -> new StoredEntry(rs.getLong(1), rs.getBytes(2), rs.getBytes(3)))
        .list();
  }

  public void saveCheckpoint(long treeSize, byte[] rootHash, String signedNote, Instant at) {
    jdbc.sql(
            "INSERT INTO ledger_checkpoint (tree_size, root_hash, signed_note, created_at)"
                + " VALUES (?, ?, ?, ?)")
        .params(treeSize, rootHash, signedNote, OffsetDateTime.ofInstant(at, ZoneOffset.UTC))
        .update();
  }

  /** Every stored checkpoint, smallest tree first. */
  public List<StoredCheckpoint> checkpoints() {
    return jdbc.sql(
            "SELECT tree_size, root_hash, signed_note FROM ledger_checkpoint ORDER BY tree_size")
        .query((rs, row) -> new StoredCheckpoint(rs.getLong(1), rs.getBytes(2), rs.getString(3)))
        .list();
  }

  /** The stored checkpoint of exactly {@code treeSize} entries, if one was signed. */
  public Optional<StoredCheckpoint> checkpoint(long treeSize) {
    return jdbc.sql(
            "SELECT tree_size, root_hash, signed_note FROM ledger_checkpoint WHERE tree_size = ?")
        .param(treeSize)
        .query((rs, row) -> new StoredCheckpoint(rs.getLong(1), rs.getBytes(2), rs.getString(3)))
        .optional();
  }

  /** Stores (or replaces) a witness's cosignature line on a stored checkpoint. */
  public void saveCosignature(
      long treeSize, String witnessOds, String keyName, String line, Instant at) {
    jdbc.sql("DELETE FROM ledger_cosignature WHERE tree_size = ? AND witness_ods = ?")
        .params(treeSize, witnessOds)
        .update();
    jdbc.sql(
            "INSERT INTO ledger_cosignature (tree_size, witness_ods, key_name, line, cosigned_at)"
                + " VALUES (?, ?, ?, ?, ?)")
        .params(treeSize, witnessOds, keyName, line, OffsetDateTime.ofInstant(at, ZoneOffset.UTC))
        .update();
  }

  /** The cosignature lines on one checkpoint, by witness. */
  public List<String> cosignatureLines(long treeSize) {
    return jdbc.sql("SELECT line FROM ledger_cosignature WHERE tree_size = ? ORDER BY witness_ods")
        .param(treeSize)
        .query(String.class)
        .list();
  }

  /** Per witness, the largest checkpoint it has cosigned. */
  public List<WitnessProgress> witnessProgress() {
    return jdbc.sql(
            "SELECT witness_ods, MAX(tree_size), MAX(cosigned_at) FROM ledger_cosignature"
                + " GROUP BY witness_ods ORDER BY witness_ods")
        .query(
            (rs, row) ->
                new WitnessProgress(
                    rs.getString(1),
                    rs.getLong(2),
                    rs.getObject(3, OffsetDateTime.class).toInstant()))
        .list();
  }

  /** How far a witness has cosigned. */
  public record WitnessProgress(
      String witnessOds, long largestCosignedSize, Instant lastCosigned) {}

  public Optional<StoredCheckpoint> latestCheckpoint() {
    return jdbc.sql(
            "SELECT tree_size, root_hash, signed_note FROM ledger_checkpoint"
                + " ORDER BY tree_size DESC LIMIT 1")
        .query((rs, row) -> new StoredCheckpoint(rs.getLong(1), rs.getBytes(2), rs.getString(3)))
        .optional();
  }

  /** One stored entry: its index, canonical bytes and leaf hash as written. */
  public record StoredEntry(long index, byte[] bytes, byte[] leafHash) {}

  /** Stores an alert a partner's witness raised. */
  public void saveWitnessAlert(WitnessAlertRow alert) {
    jdbc.sql(
            "INSERT INTO witness_alert (id, witness_ods, reason, detail, accepted_size,"
                + " offered_note, raised_at) VALUES (?, ?, ?, ?, ?, ?, ?)")
        .params(
            alert.id(),
            alert.witnessOds(),
            alert.reason(),
            alert.detail(),
            alert.acceptedSize(),
            alert.offeredNote(),
            OffsetDateTime.ofInstant(alert.raisedAt(), ZoneOffset.UTC))
        .update();
  }

  /** The alerts witnesses raised, newest first. */
  public List<WitnessAlertRow> witnessAlerts(int limit) {
    return jdbc.sql(
            "SELECT id, witness_ods, reason, detail, accepted_size, offered_note, raised_at"
                + " FROM witness_alert ORDER BY raised_at DESC, id LIMIT ?")
        .param(limit)
        .query(
            (rs, row) -> {
              long accepted = rs.getLong(5);
              boolean none = rs.wasNull();
              return new WitnessAlertRow(
                  rs.getString(1),
                  rs.getString(2),
                  rs.getString(3),
                  rs.getString(4),
                  none ? null : accepted,
                  rs.getString(6),
                  rs.getObject(7, OffsetDateTime.class).toInstant());
            })
        .list();
  }

  /** An alert as stored. */
  public record WitnessAlertRow(
      String id,
      String witnessOds,
      String reason,
      String detail,
      @org.jspecify.annotations.Nullable Long acceptedSize,
      String offeredNote,
      Instant raisedAt) {}

  /** One stored checkpoint: size, root and the signed note text. */
  public record StoredCheckpoint(long treeSize, byte[] rootHash, String signedNote) {}
}
