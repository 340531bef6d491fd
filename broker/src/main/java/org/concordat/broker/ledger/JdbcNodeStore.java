package org.concordat.broker.ledger;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.concordat.protocols.ledger.NodeId;
import org.concordat.protocols.ledger.NodeStore;
import org.concordat.protocols.ledger.StoredNode;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The ledger's stored Merkle nodes, read by proofs and roots in one query per request. Leaves
 * (level 0) are not stored again: they are the entries' leaf hashes in {@code ledger_entry}, so an
 * append stores about one node per entry rather than two.
 */
@Repository
public class JdbcNodeStore implements NodeStore {
  private final JdbcClient jdbc;
  private final JdbcTemplate batches;

  public JdbcNodeStore(JdbcClient jdbc, JdbcTemplate batches) {
    this.jdbc = jdbc;
    this.batches = batches;
  }

  @Override
  public byte[] node(NodeId id) {
    return nodes(List.of(id)).get(0);
  }

  @Override
  public List<byte[]> nodes(List<NodeId> ids) {
    if (ids.isEmpty()) {
      return List.of();
    }
    StringBuilder where = new StringBuilder();
    List<Object> params = new ArrayList<>();
    StringBuilder leaves = new StringBuilder();
    List<Object> leafParams = new ArrayList<>();
    for (NodeId id : ids) {
      if (id.level() == 0) {
        leaves.append(leaves.length() == 0 ? "?" : ", ?");
        leafParams.add(id.index());
      } else {
        where.append(where.length() == 0 ? "" : " OR ").append("(level = ? AND node_index = ?)");
        params.add(id.level());
        params.add(id.index());
      }
    }
    Map<NodeId, byte[]> found = new HashMap<>();
    if (where.length() > 0) {
      jdbc.sql("SELECT level, node_index, hash FROM ledger_node WHERE " + where)
          .params(params)
          .query(
              (rs, row) -> {
                found.put(new NodeId(rs.getInt(1), rs.getLong(2)), rs.getBytes(3));
                return row;
              })
          .list();
    }
    if (leaves.length() > 0) {
      jdbc.sql(
              "SELECT entry_index, leaf_hash FROM ledger_entry WHERE entry_index IN ("
                  + leaves
                  + ")")
          .params(leafParams)
          .query(
              (rs, row) -> {
                found.put(new NodeId(0, rs.getLong(1)), rs.getBytes(2));
                return row;
              })
          .list();
    }
    List<byte[]> hashes = new ArrayList<>(ids.size());
    for (NodeId id : ids) {
      byte[] hash = found.get(id);
      if (hash == null) {
        throw new IllegalStateException("The ledger has no stored node " + id);
      }
      hashes.add(hash);
    }
    return hashes;
  }

  /**
   * Stores nodes completed by appended leaves, in the caller's transaction; leaves are skipped
   * (they are stored with their entries).
   */
  public void insertAll(List<StoredNode> completed) {
    List<StoredNode> nodes = new ArrayList<>(completed.size());
    for (StoredNode node : completed) {
      if (node.id().level() > 0) {
        nodes.add(node);
      }
    }
    if (nodes.isEmpty()) {
      return;
    }
    batches.batchUpdate(
        "INSERT INTO ledger_node (level, node_index, hash) VALUES (?, ?, ?)",
        nodes,
        nodes.size(),
        (statement, node) -> {
          statement.setInt(1, node.id().level());
          statement.setLong(2, node.id().index());
          statement.setBytes(3, node.hash());
        });
  }

  /**
   * Whether the stored nodes cover a ledger of {@code size} entries: every pair of leaves has its
   * level-1 parent (a ledger written before nodes were stored has none).
   */
  public boolean covers(long size) {
    long parents =
        jdbc.sql("SELECT COUNT(*) FROM ledger_node WHERE level = 1").query(Long.class).single();
    return parents == size / 2;
  }

  /** Removes every node, before rebuilding the tree from the entries' leaf hashes. */
  public void deleteAll() {
    jdbc.sql("DELETE FROM ledger_node").update();
  }
}
