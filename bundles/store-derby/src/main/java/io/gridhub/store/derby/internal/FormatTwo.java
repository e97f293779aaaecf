package io.gridhub.store.derby.internal;

import io.gridhub.api.model.Quality;
import io.gridhub.api.model.Sample;
import java.util.List;
import java.util.Map;

/**
 * Block format 2: after the common header, byte-aligned columns, each an {@link IntColumn} or a value column.
 *
 * <ul>
 *   <li>source times: the first one, then the offsets from it, in the largest power-of-ten unit of nanoseconds
 *       that divides them all (a 1 s series in seconds, a millisecond-stamped one in ms), usually as differences
 *       of differences: a regular series costs one bit per 128 samples;
 *   <li>values: when all but one in {@value #EXCEPTION_SHARE} are decimals of at most {@value #MAX_SCALE} places
 *       (meter readings in Wh, tenths of a volt), the integers {@code value × 10^scale}, the others (NaN, -0.0,
 *       infinities, the odd float) kept raw beside them; otherwise, or when smaller, Gorilla's XOR coding at bit
 *       level. Decoding divides by the exact power of ten, which gives back the very same double;
 *   <li>received times, as their offsets from the source times, left out when every sample was received at its
 *       source time (flag {@value #FLAG_RECEIVED_AT_SOURCE});
 *   <li>quality indexes into the dictionary, left out when every sample is GOOD.
 * </ul>
 *
 * The byte length of each column but the last precedes them, so a reader streams all columns at once.
 */
final class FormatTwo {
    static final int ENCODING = 2;
    static final int FLAG_RECEIVED_AT_SOURCE = 2;
    static final int MAX_SCALE = 15;
    static final int EXCEPTION_SHARE = 16;

    /**
     * Samples decoded per run, column by column: short enough that the processor overlaps one column's loop (a
     * chain of dependent bit positions) with the next column's and the visitor's; runs of 128 decoded 25-30 % slower.
     */
    static final int RUN = 32;

    private static final int MODE_XOR = 0;
    private static final int MODE_DECIMAL = 1;
    private static final double EXACT = 0x1p53;
    private static final long[] POW10 = new long[19];
    private static final double[] POW10D = new double[19];

    static {
        long p = 1;
        for (int i = 0; i < POW10.length; i++) {
            POW10[i] = p;
            POW10D[i] = p;
            p *= 10;
        }
    }

    private FormatTwo() {}

    static byte[] encode(List<Sample> samples) {
        int n = samples.size();
        long[] times = new long[n];
        long[] offsets = new long[n];
        long[] values = new long[n];
        boolean atSource = true;
        for (int i = 0; i < n; i++) {
            Sample s = samples.get(i);
            times[i] = BlockCodec.nanos(s.sourceTime());
            offsets[i] = BlockCodec.nanos(s.receivedTime()) - times[i];
            atSource &= offsets[i] == 0;
            values[i] = Double.doubleToRawLongBits(s.value());
        }
        Bytes out = new Bytes(32 + n * 2);
        out.put(ENCODING);
        out.putVarLong(n);
        Map<Quality, Integer> dictionary =
                BlockCodec.writeHeaderFlagsAndQualities(out, samples, atSource ? FLAG_RECEIVED_AT_SOURCE : 0);
        Bits.Writer[] columns = new Bits.Writer[4];
        int count = 0;
        columns[count++] = times(times, n);
        columns[count++] = values(values, n);
        if (!atSource) {
            columns[count++] = scaled(offsets, n, 0);
        }
        if (dictionary != null) {
            long[] indexes = new long[n];
            for (int i = 0; i < n; i++) {
                indexes[i] = dictionary.get(samples.get(i).quality());
            }
            Bits.Writer w = new Bits.Writer(16);
            IntColumn.write(w, indexes, n);
            columns[count++] = w;
        }
        for (int c = 0; c < count - 1; c++) {
            out.putVarLong((columns[c].bitLength() + 7) / 8);
        }
        for (int c = 0; c < count; c++) {
            columns[c].appendTo(out);
        }
        return out.toArray();
    }

    private static Bits.Writer times(long[] times, int n) {
        long first = times[0];
        long[] relative = new long[n];
        for (int i = 0; i < n; i++) {
            relative[i] = times[i] - first;
        }
        return scaled(relative, n, first);
    }

    /** A base, then the column in the largest power-of-ten unit dividing every value (the array is divided). */
    private static Bits.Writer scaled(long[] x, int n, long base) {
        int e = POW10.length - 1;
        for (int i = 0; i < n; i++) {
            while (e > 0 && x[i] % POW10[e] != 0) {
                e--;
            }
        }
        for (int i = 0; i < n; i++) {
            x[i] /= POW10[e];
        }
        Bits.Writer w = new Bits.Writer(16 + n / 4);
        w.write(e, 5);
        // The base in the same unit plus what is left, often nothing: a second-aligned time costs 5 bytes, not 9.
        w.writeLong(base / POW10[e]);
        w.writeLong(base % POW10[e]);
        IntColumn.write(w, x, n);
        return w;
    }

    private static Bits.Writer values(long[] bits, int n) {
        Bits.Writer decimal = decimal(bits, n);
        if (decimal != null && decimal.bitLength() <= 16L * n + 64) {
            return decimal; // XOR needs 2 bits for a change and rarely fewer than 16
        }
        Bits.Writer xor = new Bits.Writer(n * 4);
        xor.write(MODE_XOR, 1);
        xor.write(bits[0], 64);
        int prevLead = -1;
        int prevTrail = 0;
        for (int i = 1; i < n; i++) {
            long x = bits[i] ^ bits[i - 1];
            if (x == 0) {
                xor.write(0, 1);
                continue;
            }
            int lead = Math.min(31, Long.numberOfLeadingZeros(x));
            int trail = Long.numberOfTrailingZeros(x);
            if (prevLead >= 0 && lead >= prevLead && trail >= prevTrail) {
                xor.write(0b10, 2);
                xor.write(x >>> prevTrail, 64 - prevLead - prevTrail);
            } else {
                int significant = 64 - lead - trail;
                xor.write(0b11, 2);
                xor.write(lead, 5);
                xor.write(significant - 1, 6);
                xor.write(x >>> trail, significant);
                prevLead = lead;
                prevTrail = trail;
            }
        }
        return decimal != null && decimal.bitLength() < xor.bitLength() ? decimal : xor;
    }

    /** The decimal column, or null when too many values are not decimals of at most {@link #MAX_SCALE} places. */
    private static Bits.Writer decimal(long[] bits, int n) {
        int budget = n / EXCEPTION_SHARE;
        int misses = 0;
        int[] atScale = new int[MAX_SCALE + 1];
        for (int i = 0; i < n; i++) {
            int s = scaleOf(bits[i]);
            if (s < 0) {
                if (++misses > budget) {
                    return null;
                }
            } else {
                atScale[s]++;
            }
        }
        // The smallest scale that leaves at most the budget of exceptions.
        int scale = MAX_SCALE;
        int above = misses;
        while (scale > 0 && above + atScale[scale] <= budget) {
            above += atScale[scale];
            scale--;
        }
        long[] m = new long[n];
        int[] exceptions = new int[budget + 1];
        int exceptionCount = 0;
        for (int i = 0; i < n; i++) {
            double r = Math.rint(Double.longBitsToDouble(bits[i]) * POW10D[scale]);
            if (Math.abs(r) < EXACT && Double.doubleToRawLongBits((long) r / POW10D[scale]) == bits[i]) {
                m[i] = (long) r;
            } else {
                if (exceptionCount == budget + 1) {
                    return null;
                }
                exceptions[exceptionCount++] = i;
                m[i] = i == 0 ? 0 : m[i - 1];
            }
        }
        Bits.Writer w = new Bits.Writer(16 + n);
        w.write(MODE_DECIMAL, 1);
        w.write(scale, 4);
        w.writeLong(exceptionCount);
        int prev = 0;
        for (int j = 0; j < exceptionCount; j++) {
            w.writeLong(exceptions[j] - prev);
            w.write(bits[exceptions[j]], 64);
            prev = exceptions[j];
        }
        IntColumn.write(w, m, n);
        return w;
    }

    /** The fewest decimal places that give back exactly this double, or -1. */
    static int scaleOf(long bits) {
        double v = Double.longBitsToDouble(bits);
        for (int s = 0; s <= MAX_SCALE; s++) {
            double r = Math.rint(v * POW10D[s]);
            if (!(Math.abs(r) < EXACT)) {
                return -1;
            }
            if (Double.doubleToRawLongBits((long) r / POW10D[s]) == bits) {
                return s;
            }
        }
        return -1;
    }

    /** Decodes what follows the encoding byte. */
    static void decode(byte[] data, Bytes.Reader in, BlockCodec.Visitor visitor) {
        int n = (int) in.getVarLong();
        int flags = in.get();
        Quality[] dictionary = BlockCodec.readQualities(in, flags);
        boolean atSource = (flags & FLAG_RECEIVED_AT_SOURCE) != 0;
        int count = 2 + (atSource ? 0 : 1) + (dictionary == null ? 0 : 1);
        int[] bounds = new int[count + 1];
        for (int c = 1; c < count; c++) {
            bounds[c] = (int) in.getVarLong();
        }
        bounds[0] = in.position();
        for (int c = 1; c < count; c++) {
            bounds[c] += bounds[c - 1];
        }
        bounds[count] = data.length;
        Bits.Reader timeBits = new Bits.Reader(data, bounds[0], bounds[1]);
        long timeUnit = POW10[(int) timeBits.read(5)];
        long firstTime = timeBits.readLong() * timeUnit + timeBits.readLong();
        IntColumn.Reader times = new IntColumn.Reader(timeBits, n);
        Values values = new Values(new Bits.Reader(data, bounds[1], bounds[2]), n);
        int c = 2;
        IntColumn.Reader offsets = null;
        long offsetUnit = 1;
        if (!atSource) {
            Bits.Reader offsetBits = new Bits.Reader(data, bounds[c], bounds[c + 1]);
            offsetUnit = POW10[(int) offsetBits.read(5)];
            offsetBits.readLong();
            offsetBits.readLong();
            offsets = new IntColumn.Reader(offsetBits, n);
            c++;
        }
        IntColumn.Reader qualities =
                dictionary == null ? null : new IntColumn.Reader(new Bits.Reader(data, bounds[c], bounds[c + 1]), n);
        // Column by column a run of RUN samples into primitive arrays, then the run to the visitor: each column's
        // loop stays tight (no per-value branching between columns, no boxing).
        int run = Math.min(n, RUN);
        long[] t = new long[run];
        double[] v = new double[run];
        long[] o = offsets == null ? null : new long[run];
        long[] q = qualities == null ? null : new long[run];
        for (int i = 0; i < n; i += run) {
            int m = Math.min(run, n - i);
            times.next(t, m);
            values.next(v, m);
            if (o != null) {
                offsets.next(o, m);
            }
            if (q != null) {
                qualities.next(q, m);
            }
            for (int j = 0; j < m; j++) {
                long time = firstTime + t[j] * timeUnit;
                visitor.sample(
                        time,
                        o == null ? time : time + o[j] * offsetUnit,
                        v[j],
                        q == null ? Quality.GOOD : dictionary[(int) q[j]]);
            }
        }
    }

    /** Streams the value column back. */
    private static final class Values {
        private final Bits.Reader in;
        private final boolean decimal;
        private int i;
        // decimal
        private double divisor;
        private IntColumn.Reader scaled;
        private long[] run;
        private int[] exceptionAt;
        private long[] exceptionBits;
        private int nextException;
        // XOR
        private long bits;
        private int lead;
        private int significant;

        Values(Bits.Reader in, int n) {
            this.in = in;
            decimal = in.read(1) == MODE_DECIMAL;
            if (decimal) {
                divisor = POW10D[(int) in.read(4)];
                int count = (int) in.readLong();
                exceptionAt = new int[count + 1];
                exceptionBits = new long[count];
                int at = 0;
                for (int j = 0; j < count; j++) {
                    at += (int) in.readLong();
                    exceptionAt[j] = at;
                    exceptionBits[j] = in.read(64);
                }
                exceptionAt[count] = Integer.MAX_VALUE;
                scaled = new IntColumn.Reader(in, n);
                run = new long[Math.min(n, RUN)];
            }
        }

        /** The next {@code m} values into {@code dst[0, m)}. */
        void next(double[] dst, int m) {
            if (decimal) {
                scaled.next(run, m);
                if (divisor == 1) { // whole numbers: the division by 1 would give the same double, only slower
                    for (int j = 0; j < m; j++) {
                        dst[j] = run[j];
                    }
                } else {
                    for (int j = 0; j < m; j++) {
                        dst[j] = run[j] / divisor;
                    }
                }
                while (exceptionAt[nextException] < i + m) {
                    dst[exceptionAt[nextException] - i] = Double.longBitsToDouble(exceptionBits[nextException++]);
                }
                i += m;
                return;
            }
            for (int j = 0; j < m; j++) {
                dst[j] = nextXor();
            }
        }

        private double nextXor() {
            int at = i++;
            if (at == 0) {
                bits = in.read(64);
                return Double.longBitsToDouble(bits);
            }
            long w = in.peek();
            if (w >= 0) { // '0': the same value
                in.skip(1);
            } else if ((w & 1L << 62) == 0) { // '10': within the previous window
                in.skip(2);
                bits ^= in.read(significant) << (64 - lead - significant);
            } else { // '11': a new window, 5 bits of leading zeros and 6 of length first
                lead = (int) (w >>> 57) & 0x1F;
                significant = ((int) (w >>> 51) & 0x3F) + 1;
                in.skip(13);
                bits ^= in.read(significant) << (64 - lead - significant);
            }
            return Double.longBitsToDouble(bits);
        }
    }
}
