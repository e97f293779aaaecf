-- gridhub audit trail on PostgreSQL, schema 3: the table of the Derby store's V4 migration, read and written by the
-- same code (JdbcAuditTrail, AuditChain): the hub's one append-only, keyed (HMAC-SHA256) chain of control actions
-- and governed changes; INSERT and SELECT only. The key and the head file stay on the hub's disk, apart from the
-- database. Times: epoch milliseconds in BIGINT.
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
