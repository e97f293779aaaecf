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
 * The samples of one point in one block, in time order, as bytes. Source times are delta-of-delta coded (a
 * regular series costs one byte per sample), received times as the change of their offset from the source time,
 * values as the XOR with the previous value with zero bytes at either end left out (Gorilla's idea at byte
 * granularity: a repeated value costs one byte), qualities as indexes into a per-block dictionary that is left out
 * altogether when every sample is GOOD.
 */
final class BlockCodec {
    /** The {@code encoding} column of blocks written by this codec. */
    static final short ENCODING = 1;

    private static final int FLAG_ALL_GOOD = 1;
    private static final Quality.Status[] STATUSES = Quality.Status.values();
    private static final Quality.Reason[] REASONS = Quality.Reason.values();

    private BlockCodec() {}

    /** Encodes samples that are already sorted by source time (not checked here). */
    static byte[] encode(List<Sample> samples) {
        int n = samples.size();
        if (n == 0) {
            throw new IllegalArgumentException("empty block");
        }
        Bytes out = new Bytes(16 + n * 6);
        out.put(ENCODING);
        out.putVarLong(n);
        boolean allGood = true;
        for (Sample s : samples) {
            if (!s.quality().isGood()) {
                allGood = false;
                break;
            }
        }
        out.put(allGood ? FLAG_ALL_GOOD : 0);
        Map<Quality, Integer> dictionary = null;
        if (!allGood) {
            dictionary = new HashMap<>();
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
        }
        long prevTime = 0;
        long prevDelta = 0;
        long prevOffset = 0;
        long prevBits = 0;
        for (int i = 0; i < n; i++) {
            Sample s = samples.get(i);
            long t = nanos(s.sourceTime());
            long offset = nanos(s.receivedTime()) - t;
            long bits = Double.doubleToRawLongBits(s.value());
            if (i == 0) {
                out.putLong(t);
                out.putSignedVarLong(offset);
                out.putLong(bits);
            } else {
                long delta = t - prevTime;
                out.putSignedVarLong(delta - prevDelta);
                out.putSignedVarLong(offset - prevOffset);
                putXor(out, bits ^ prevBits);
                prevDelta = delta;
            }
            if (dictionary != null) {
                out.putVarLong(dictionary.get(s.quality()));
            }
            prevTime = t;
            prevOffset = offset;
            prevBits = bits;
        }
        return out.toArray();
    }

    /** One control byte: high nibble the number of significant bytes, low nibble the zero bytes cut at the end. */
    private static void putXor(Bytes out, long xor) {
        if (xor == 0) {
            out.put(0);
            return;
        }
        int trailing = Long.numberOfTrailingZeros(xor) >>> 3;
        int leading = Long.numberOfLeadingZeros(xor) >>> 3;
        int significant = 8 - leading - trailing;
        out.put((significant << 4) | trailing);
        long v = xor >>> (8 * trailing);
        for (int i = 0; i < significant; i++) {
            out.put((int) (v >>> (8 * i)));
        }
    }

    private static long getXor(Bytes.Reader in) {
        int control = in.get();
        if (control == 0) {
            return 0;
        }
        int significant = control >>> 4;
        int trailing = control & 0x0F;
        long v = 0;
        for (int i = 0; i < significant; i++) {
            v |= (long) in.get() << (8 * i);
        }
        return v << (8 * trailing);
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
        if (encoding != ENCODING) {
            throw new IllegalStateException("unknown block encoding " + encoding);
        }
        int n = (int) in.getVarLong();
        boolean allGood = (in.get() & FLAG_ALL_GOOD) != 0;
        Quality[] dictionary = null;
        if (!allGood) {
            dictionary = new Quality[(int) in.getVarLong()];
            for (int i = 0; i < dictionary.length; i++) {
                Quality.Status status = STATUSES[in.get()];
                Quality.Reason reason = REASONS[in.get()];
                dictionary[i] = new Quality(status, reason, new String(in.getBytes(), StandardCharsets.UTF_8));
            }
        }
        long time = 0;
        long delta = 0;
        long offset = 0;
        long bits = 0;
        for (int i = 0; i < n; i++) {
            if (i == 0) {
                time = in.getLong();
                offset = in.getSignedVarLong();
                bits = in.getLong();
            } else {
                delta += in.getSignedVarLong();
                time += delta;
                offset += in.getSignedVarLong();
                bits ^= getXor(in);
            }
            Quality q = dictionary == null ? Quality.GOOD : dictionary[(int) in.getVarLong()];
            visitor.sample(time, time + offset, Double.longBitsToDouble(bits), q);
        }
    }

    /** Epoch nanoseconds: covers 1677 to 2262. */
    static long nanos(Instant t) {
        return Math.addExact(Math.multiplyExact(t.getEpochSecond(), 1_000_000_000L), t.getNano());
    }

    static Instant instant(long nanos) {
        return Instant.ofEpochSecond(Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
    }
}
