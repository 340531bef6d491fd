-- Per-person salts for the subject keys in ledger entries (subject key = HMAC(secret, salt || NHS
-- number)). Held outside the ledger: deleting a person's row (erasure) unlinks their entries for
-- ever while every entry, and so the Merkle tree, stays as it was. lookup_key = HMAC(secret, NHS
-- number), so the table holds no NHS number in clear.
CREATE TABLE subject_salt (
    lookup_key VARCHAR(64) PRIMARY KEY,
    salt       BYTEA       NOT NULL,
    created_at TIMESTAMP WITH TIME ZONE NOT NULL
);
