-- Alerts raised by partners' witnesses: a checkpoint the broker offered was inconsistent with one the
-- witness had already accepted (a fork or a rollback), or did not verify. Kept for the IG lead and
-- the partnership; the witness also keeps its own record, since a broker that forked its log cannot
-- be trusted to report it.
CREATE TABLE witness_alert (
    id            VARCHAR(36)   PRIMARY KEY,
    witness_ods   VARCHAR(10)   NOT NULL,
    reason        VARCHAR(40)   NOT NULL,
    detail        VARCHAR(2000) NOT NULL,
    accepted_size BIGINT,
    offered_note  VARCHAR(8000) NOT NULL,
    raised_at     TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX witness_alert_raised ON witness_alert (raised_at);
