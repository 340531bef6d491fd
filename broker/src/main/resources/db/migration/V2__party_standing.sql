-- A party's standing under a protocol version: suspended or withdrawn parties' flows stop at once.
-- Absent row = active. Every change is also a ledger entry (protocol-suspended, protocol-withdrawn,
-- party-reinstated), written in the same transaction.
CREATE TABLE party_standing (
    protocol_sha256 VARCHAR(64)  NOT NULL,
    party_ods       VARCHAR(10)  NOT NULL,
    standing        VARCHAR(20)  NOT NULL,
    since           TIMESTAMP WITH TIME ZONE NOT NULL,
    reason          VARCHAR(2000) NOT NULL,
    actor           VARCHAR(200) NOT NULL,
    ledger_index    BIGINT       NOT NULL REFERENCES ledger_entry (entry_index),
    PRIMARY KEY (protocol_sha256, party_ods)
);
