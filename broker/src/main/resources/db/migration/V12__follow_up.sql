-- Work that must follow a commit (deciding queued deliveries again, withdrawal notices, alerts),
-- written in the same transaction as the ledger entries it follows and deleted in the transaction
-- of the work it causes, so a crash in between leaves it here to be completed after a restart.
-- claimed_by names the node running it (concordat.node-id); another node takes it over only once
-- claimed_at is older than concordat.follow-ups.lease.
CREATE TABLE follow_up (
    id          VARCHAR(36)   PRIMARY KEY,
    kind        VARCHAR(64)   NOT NULL,
    details     VARCHAR(4000) NOT NULL,
    seq         INT           NOT NULL,
    created_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    claimed_by  VARCHAR(100)  NOT NULL,
    claimed_at  TIMESTAMP WITH TIME ZONE NOT NULL,
    attempts    INT           NOT NULL
);
CREATE INDEX follow_up_order ON follow_up (created_at, seq);
