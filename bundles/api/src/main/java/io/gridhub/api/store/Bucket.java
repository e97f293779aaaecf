package io.gridhub.api.store;

import java.time.Instant;

/** Aggregate of one point's good samples over {@code [start, start + step)}. */
public record Bucket(Instant start, long count, double min, double max, double avg, double last) {}
