-- gridhub time-series store, schema 1. Portable SQL (Derby and PostgreSQL read it alike, apart from BLOB,
-- which a PostgreSQL migration spells BYTEA). Times are epoch nanoseconds in BIGINT.

-- Point names are stored once; blocks refer to them by a small integer.
CREATE TABLE ts_point (
    point_id   INTEGER      NOT NULL PRIMARY KEY,
    name       VARCHAR(200) NOT NULL UNIQUE
);

-- One row per block: the samples of one point inside one window (an hour), compressed together
-- (delta-of-delta times, XOR-coded values; see BlockCodec). A window may hold several blocks until
-- compaction merges them.
CREATE TABLE ts_block (
    block_id     BIGINT   NOT NULL PRIMARY KEY,
    point_id     INTEGER  NOT NULL,
    window_start BIGINT   NOT NULL,
    first_time   BIGINT   NOT NULL,
    last_time    BIGINT   NOT NULL,
    sample_count INTEGER  NOT NULL,
    encoding     SMALLINT NOT NULL,
    data         BLOB     NOT NULL
);

-- Every query names one point and a time range: range, aggregate, latest and compaction all use it.
CREATE INDEX ts_block_point_window ON ts_block (point_id, window_start, first_time);
