-- The ledger's Merkle tree: the root hash of every perfect subtree (2^level leaves starting at leaf
-- node_index << level), level 0 being the leaf hashes. Any inclusion or consistency proof, and any
-- root, needs O(log n) of these. Written in the same transaction as the entries they cover.
CREATE TABLE ledger_node (
    level      INT    NOT NULL,
    node_index BIGINT NOT NULL,
    hash       BYTEA  NOT NULL,
    PRIMARY KEY (level, node_index)
);
