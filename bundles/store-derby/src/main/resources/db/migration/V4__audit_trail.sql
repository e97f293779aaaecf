-- gridhub audit trail, schema 4: the hub's one append-only, keyed (HMAC-SHA256) chain of control actions and
-- governed changes. The code only INSERTs and SELECTs. Each mac covers the previous entry's mac and this entry's
-- content (see AuditChain); the key lives outside the database, the last seq and mac also in a head file, so an
-- edit, a gap, a truncation or a deleted trail is found by verification. Portable SQL (Derby and PostgreSQL).
-- Times: epoch milliseconds in BIGINT. Lengths are bounded by the code (long text is cut with a marker).
CREATE TABLE audit_trail (
    seq      BIGINT        NOT NULL PRIMARY KEY,
    at_ms    BIGINT        NOT NULL,
    actor    VARCHAR(200)  NOT NULL,
    channel  VARCHAR(32)   NOT NULL,
    action   VARCHAR(100)  NOT NULL,
    subject  VARCHAR(500)  NOT NULL,
    outcome  VARCHAR(100)  NOT NULL,
    detail   VARCHAR(4000) NOT NULL,
    mac      CHAR(64)      NOT NULL
);

-- recent(subjectPrefix, …): the entries of one subject or a family of subjects, newest first.
CREATE INDEX audit_trail_subject ON audit_trail (subject, seq);
