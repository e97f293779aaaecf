-- gridhub time-series store, schema 5: each point's window width, chosen from its cadence (see Windows).
-- window_nanos: the width of its windows at or after window_since (epoch nanoseconds); before window_since, and
-- while both are NULL (a point not yet watched long enough, or stored before this migration), windows are an hour.
ALTER TABLE ts_point ADD COLUMN window_nanos BIGINT;
ALTER TABLE ts_point ADD COLUMN window_since BIGINT;
