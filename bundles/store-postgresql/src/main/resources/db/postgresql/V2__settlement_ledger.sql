-- gridhub settlement ledger on PostgreSQL, schema 2: the tables of the Derby store's V3 migration, read and written by
-- the same code (JdbcSettlementLedger). Append-only: INSERT and SELECT only; a correction of a period is its next
-- version. Times: epoch milliseconds (run) and seconds (intervals) in BIGINT; energies in Wh, money in EUR.

-- One row per recorded run (version) of a community's period.
CREATE TABLE settlement_run (
    community_id   VARCHAR(64)  NOT NULL,
    period         VARCHAR(100) NOT NULL,
    version        INT          NOT NULL,
    recorded_at_ms BIGINT       NOT NULL,
    method         VARCHAR(32)  NOT NULL,
    strategy       VARCHAR(100) NOT NULL,
    policy_id      VARCHAR(64)  NOT NULL,
    policy_version INT          NOT NULL,
    PRIMARY KEY (community_id, period, version)
);

-- The metered inputs the run used, per member and interval.
CREATE TABLE settlement_input (
    community_id   VARCHAR(64)      NOT NULL,
    period         VARCHAR(100)     NOT NULL,
    version        INT              NOT NULL,
    seq            INT              NOT NULL,
    member_id      VARCHAR(64)      NOT NULL,
    start_s        BIGINT           NOT NULL,
    length_s       BIGINT           NOT NULL,
    consumption_wh DOUBLE PRECISION NOT NULL,
    generation_wh  DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (community_id, period, version, seq)
);

-- The allocation lines, each with the rule and policy version that produced it.
CREATE TABLE settlement_line (
    community_id   VARCHAR(64)      NOT NULL,
    period         VARCHAR(100)     NOT NULL,
    version        INT              NOT NULL,
    seq            INT              NOT NULL,
    member_id      VARCHAR(64)      NOT NULL,
    start_s        BIGINT           NOT NULL,
    length_s       BIGINT           NOT NULL,
    allocated_wh   DOUBLE PRECISION NOT NULL,
    value_eur      DOUBLE PRECISION NOT NULL,
    policy_id      VARCHAR(64)      NOT NULL,
    policy_version INT              NOT NULL,
    rule           VARCHAR(1000)    NOT NULL,
    PRIMARY KEY (community_id, period, version, seq)
);

-- Benefit-sharing shares per member (with the sampling's standard error; 0 when exact).
CREATE TABLE settlement_share (
    community_id  VARCHAR(64)      NOT NULL,
    period        VARCHAR(100)     NOT NULL,
    version       INT              NOT NULL,
    seq           INT              NOT NULL,
    member_id     VARCHAR(64)      NOT NULL,
    value_eur     DOUBLE PRECISION NOT NULL,
    std_error_eur DOUBLE PRECISION NOT NULL,
    PRIMARY KEY (community_id, period, version, seq)
);

-- The run's notes (what was assumed, filled or refused), in order.
CREATE TABLE settlement_note (
    community_id VARCHAR(64)   NOT NULL,
    period       VARCHAR(100)  NOT NULL,
    version      INT           NOT NULL,
    seq          INT           NOT NULL,
    note         VARCHAR(2000) NOT NULL,
    PRIMARY KEY (community_id, period, version, seq)
);
