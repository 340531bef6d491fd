-- A message is identified by its sender and its own id (docs/architecture.md, "Repeated
-- messages"): FHIR MessageHeader.id, HL7 v2 MSH-10 through the notice converted from it. The key is
-- set in the same transaction as the message's ledger entries, so a repeat — after a restart, or
-- on another node — finds the original and is answered with it, and a concurrent duplicate loses
-- on this unique index instead of being disclosed twice. Rows without a key (rejected messages,
-- repeats) are not constrained: NULLs are distinct on H2 and PostgreSQL alike.
ALTER TABLE inbound_message ADD COLUMN message_key VARCHAR(300);
ALTER TABLE inbound_message ADD COLUMN payload_sha256 VARCHAR(64);
-- For a repeat (status REPEATED) or a refused reuse of an id (REJECTED): the original message.
ALTER TABLE inbound_message ADD COLUMN original_id VARCHAR(36);
CREATE UNIQUE INDEX inbound_message_sender_key ON inbound_message (sender_ods, message_key);
