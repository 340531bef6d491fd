-- How the partnership secret keys the subject key (ledger) and the lookup key (this store); see
-- docs/ledger-format.md. One row, for ever: subject keys already in the ledger and lookup keys
-- already in these tables were made under it, and another scheme would neither verify nor find
-- them. A database that already holds anything about a person keeps 'legacy' (the secret keys both
-- HMACs); an empty one gets no row here, and the first broker to start writes 'hkdf-v2' (two keys
-- derived with HKDF under distinct labels). Portable SQL: runs unchanged on H2 and PostgreSQL.
CREATE TABLE subject_key_scheme (
    id         INT         PRIMARY KEY CHECK (id = 1),
    scheme     VARCHAR(16) NOT NULL CHECK (scheme IN ('legacy', 'hkdf-v2')),
    chosen_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

INSERT INTO subject_key_scheme (id, scheme, chosen_at)
SELECT 1, 'legacy', CURRENT_TIMESTAMP
FROM (SELECT 1 AS one) AS single_row
WHERE EXISTS (SELECT 1 FROM subject_salt)
   OR EXISTS (SELECT 1 FROM ledger_entry WHERE subject_hash IS NOT NULL)
   OR EXISTS (SELECT 1 FROM consent_directive)
   OR EXISTS (SELECT 1 FROM opt_out_status)
   OR EXISTS (SELECT 1 FROM break_glass_grant);
