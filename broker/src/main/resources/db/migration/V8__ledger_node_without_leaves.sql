-- Leaves are the entries' own leaf hashes (ledger_entry.leaf_hash); storing them again as level-0
-- nodes doubled the rows an append writes. Readers take level 0 from ledger_entry.
DELETE FROM ledger_node WHERE level = 0;
