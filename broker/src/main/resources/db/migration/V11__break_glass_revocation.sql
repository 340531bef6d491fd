-- Break-glass grants can be revoked (by IG, an administrator or the grantee, or by a review that
-- finds the use inappropriate): the revocation is also a break-glass-revocation ledger entry.
-- end_redecided_at records that the disclosures queued under a grant were decided again after it
-- ended (expired or revoked), so the scheduled check handles each ended grant once.
ALTER TABLE break_glass_grant ADD COLUMN revoked_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE break_glass_grant ADD COLUMN revoked_by VARCHAR(100);
ALTER TABLE break_glass_grant ADD COLUMN revocation_reason VARCHAR(2000);
ALTER TABLE break_glass_grant ADD COLUMN revocation_ledger_index BIGINT;
ALTER TABLE break_glass_grant ADD COLUMN end_redecided_at TIMESTAMP WITH TIME ZONE;
ALTER TABLE break_glass_grant ADD CONSTRAINT break_glass_grant_revocation_entry
    FOREIGN KEY (revocation_ledger_index) REFERENCES ledger_entry (entry_index);
CREATE INDEX break_glass_grant_ended ON break_glass_grant (end_redecided_at, expires_at);
