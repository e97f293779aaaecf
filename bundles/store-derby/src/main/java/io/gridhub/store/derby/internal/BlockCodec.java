package io.gridhub.store.derby.internal;

import io.gridhub.api.model.PointId;
import io.gridhub.api.model.Quality;
import io.gridhub.api.model.Sample;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The samples of one point in one block, in time order, as bytes. The first byte names the format, also kept in
 * the {@code encoding} column: the store writes {@link FormatTwo} (columns of bit-packed integers: decimal values
 * as scaled integers, other doubles Gorilla-XOR coded) and still reads {@link FormatOne}, so blocks written
 * before stay readable and are rewritten in the new format when their window is merged. Both formats share the
 * header: sample count, flags, and the per-block quality dictionary, left out when every sample is GOOD.
 */
final class BlockCodec {
    /** The {@code encoding} column of blocks written now. */
    static final short ENCODING = FormatTwo.ENCODING;

    static final int FLAG_ALL_GOOD = 1;
    private static final Quality.Status[] STATUSES = Quality.Status.values();
    private static final Quality.Reason[] REASONS = Quality.Reason.values();

    private BlockCodec() {}

    /** Encodes samples that are already sorted by source time (not checked here). */
    static byte[] encode(List<Sample> samples) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("empty block");
        }
        return FormatTwo.encode(samples);
    }

    /** Receives decoded samples without building a list, for aggregates. */
    interface Visitor {
        void sample(long sourceNanos, long receivedNanos, double value, Quality quality);
    }

    static List<Sample> decode(PointId point, byte[] data) {
        List<Sample> out = new ArrayList<>();
        decode(data, (t, r, v, q) -> out.add(new Sample(point, v, q, instant(t), instant(r))));
        return out;
    }

    static void decode(byte[] data, Visitor visitor) {
        Bytes.Reader in = new Bytes.Reader(data);
        int encoding = in.get();
        switch (encoding) {
            case FormatOne.ENCODING -> FormatOne.decode(in, visitor);
            case FormatTwo.ENCODING -> FormatTwo.decode(data, in, visitor);
            default -> throw new IllegalStateException("unknown block encoding " + encoding);
        }
    }

    /**
     * Writes the flags byte ({@link #FLAG_ALL_GOOD} or'ed with the format's own) and, unless every sample is GOOD,
     * the quality dictionary; returns each quality's index in it, or null when all are GOOD.
     */
    static Map<Quality, Integer> writeHeaderFlagsAndQualities(Bytes out, List<Sample> samples, int formatFlags) {
        boolean allGood = true;
        for (Sample s : samples) {
            if (!s.quality().isGood()) {
                allGood = false;
                break;
            }
        }
        out.put(formatFlags | (allGood ? FLAG_ALL_GOOD : 0));
        if (allGood) {
            return null;
        }
        Map<Quality, Integer> dictionary = new HashMap<>();
        List<Quality> order = new ArrayList<>();
        for (Sample s : samples) {
            if (dictionary.putIfAbsent(s.quality(), order.size()) == null) {
                order.add(s.quality());
            }
        }
        out.putVarLong(order.size());
        for (Quality q : order) {
            out.put(q.status().ordinal());
            out.put(q.reason().ordinal());
            out.putBytes(q.detail().getBytes(StandardCharsets.UTF_8));
        }
        return dictionary;
    }

    /** The dictionary written by {@link #writeHeaderFlagsAndQualities}, or null when the flags say all GOOD. */
    static Quality[] readQualities(Bytes.Reader in, int flags) {
        if ((flags & FLAG_ALL_GOOD) != 0) {
            return null;
        }
        Quality[] dictionary = new Quality[(int) in.getVarLong()];
        for (int i = 0; i < dictionary.length; i++) {
            Quality.Status status = STATUSES[in.get()];
            Quality.Reason reason = REASONS[in.get()];
            dictionary[i] = new Quality(status, reason, new String(in.getBytes(), StandardCharsets.UTF_8));
        }
        return dictionary;
    }

    /** Epoch nanoseconds: covers 1677 to 2262. */
    static long nanos(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
    }

    static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }
}
