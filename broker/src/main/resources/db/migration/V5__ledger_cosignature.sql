-- Witness cosignatures (C2SP tlog-cosignature lines) on stored checkpoints, one per witness per
-- checkpoint. A witness is a partner, identified by its protocol signing key.
CREATE TABLE ledger_cosignature (
    tree_size   BIGINT        NOT NULL REFERENCES ledger_checkpoint (tree_size),
    witness_ods VARCHAR(10)   NOT NULL,
    key_name    VARCHAR(300)  NOT NULL,
    line        VARCHAR(1000) NOT NULL,
    cosigned_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (tree_size, witness_ods)
);
