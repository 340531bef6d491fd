-- Consent directives (FHIR R4 Consent), the national data opt-out and break-glass grants.
-- Portable types only: runs unchanged on H2 and PostgreSQL. People are found by lookup_key =
-- HMAC(secret, NHS number), as in subject_salt; no NHS number is stored in clear outside the
-- Consent resources themselves.

-- Every version of every directive; a change is a new row, never an update of the resource.
-- resource_json is the version exactly as stored and hashed (its SHA-256 is in the consent-change
-- ledger entry at ledger_index); directives_json is the broker's reading of it for the decision
-- engine, so start-up does not re-interpret every Consent.
CREATE TABLE consent_directive (
    id              VARCHAR(36)  NOT NULL,
    version         INT          NOT NULL,
    lookup_key      VARCHAR(64)  NOT NULL,
    status          VARCHAR(20)  NOT NULL,
    recorded_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    stored_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    review_date     DATE,
    recorder_ods    VARCHAR(10)  NOT NULL,
    resource_json   BYTEA        NOT NULL,
    resource_sha256 VARCHAR(64)  NOT NULL,
    directives_json VARCHAR(20000) NOT NULL,
    ledger_index    BIGINT       NOT NULL REFERENCES ledger_entry (entry_index),
    is_current      BOOLEAN      NOT NULL,
    PRIMARY KEY (id, version)
);
CREATE INDEX consent_directive_subject ON consent_directive (lookup_key, is_current);
CREATE INDEX consent_directive_review ON consent_directive (is_current, review_date);
CREATE INDEX consent_directive_recorded ON consent_directive (recorded_at);

-- What each version speaks about, for search by purpose and recipient.
CREATE TABLE consent_directive_term (
    id         VARCHAR(36) NOT NULL,
    version    INT         NOT NULL,
    term       VARCHAR(10) NOT NULL,
    term_value VARCHAR(64) NOT NULL,
    PRIMARY KEY (id, version, term, term_value),
    FOREIGN KEY (id, version) REFERENCES consent_directive (id, version)
);
CREATE INDEX consent_directive_term_value ON consent_directive_term (term, term_value);

-- National data opt-out: the latest check result per person, valid until expires_at.
CREATE TABLE opt_out_import (
    id          VARCHAR(36)  PRIMARY KEY,
    imported_at TIMESTAMP WITH TIME ZONE NOT NULL,
    imported_by VARCHAR(100) NOT NULL,
    source_name VARCHAR(300) NOT NULL,
    cohort_size INT          NOT NULL,
    opted_out   INT          NOT NULL,
    expires_at  TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE TABLE opt_out_status (
    lookup_key VARCHAR(64) PRIMARY KEY,
    opted_out  BOOLEAN     NOT NULL,
    checked_at TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at TIMESTAMP WITH TIME ZONE NOT NULL,
    import_id  VARCHAR(36) NOT NULL REFERENCES opt_out_import (id)
);
CREATE INDEX opt_out_status_expiry ON opt_out_status (expires_at);

-- Break-glass grants and their reviews; both are also ledger entries.
CREATE TABLE break_glass_grant (
    id                  VARCHAR(36)   PRIMARY KEY,
    lookup_key          VARCHAR(64)   NOT NULL,
    subject_key         VARCHAR(64)   NOT NULL,
    sender_ods          VARCHAR(10)   NOT NULL,
    recipient_ods       VARCHAR(10)   NOT NULL,
    purpose             VARCHAR(64)   NOT NULL,
    actor               VARCHAR(100)  NOT NULL,
    actor_role          VARCHAR(40)   NOT NULL,
    reason              VARCHAR(2000) NOT NULL,
    granted_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    ledger_index        BIGINT        NOT NULL REFERENCES ledger_entry (entry_index),
    review_outcome      VARCHAR(20),
    review_comment      VARCHAR(2000),
    reviewer            VARCHAR(100),
    reviewed_at         TIMESTAMP WITH TIME ZONE,
    review_ledger_index BIGINT REFERENCES ledger_entry (entry_index)
);
CREATE INDEX break_glass_grant_subject ON break_glass_grant (lookup_key, expires_at);
CREATE INDEX break_glass_grant_review ON break_glass_grant (review_outcome, granted_at);
