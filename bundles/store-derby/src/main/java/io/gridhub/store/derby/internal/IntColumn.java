package io.gridhub.store.derby.internal;

import java.util.Arrays;

/**
 * A column of longs (times, offsets, scaled decimal values, quality indexes) in a format-2 block. The column takes
 * whichever of the values themselves (order 0), their differences (order 1) or their differences of differences
 * (order 2) has the fewest significant bits, and Rice-codes those residuals (zig-zag, then the quotient by 2^k in
 * unary and k low bits) in chunks of {@value #CHUNK} with a k of their own; a chunk of zeros costs one bit. A
 * quotient of {@value #LIMIT} or more escapes to the raw 64 bits, so any long fits and outliers stay cheap for their
 * neighbours.
 */
final class IntColumn {
    static final int CHUNK = 128;
    private static final int LIMIT = 24;

    private IntColumn() {}

    static void write(Bits.Writer out, long[] x, int n) {
        // The order whose residuals have the fewest significant bits: close to the Rice cost, at a fraction of it.
        long[][] residuals = new long[3][];
        int best = 0;
        long bestBits = Long.MAX_VALUE;
        for (int order = 0; order <= 2; order++) {
            long[] u = residuals(x, n, order);
            residuals[order] = u;
            long bits = 0;
            for (int i = Math.min(order, n); i < n; i++) {
                bits += 64 - Long.numberOfLeadingZeros(u[i]);
            }
            if (bits < bestBits) {
                bestBits = bits;
                best = order;
            }
        }
        long[] u = residuals[best];
        out.write(best, 2);
        int heads = Math.min(best, n);
        for (int i = 0; i < heads; i++) {
            out.writeLong(Bits.unzigzag(u[i]));
        }
        for (int from = heads; from < n; from += CHUNK) {
            int to = Math.min(n, from + CHUNK);
            int k = (int) (chunk(u, from, to) & 0xFF);
            if (k == 0xFF) {
                out.write(1, 1);
                continue;
            }
            out.write(k, 7);
            for (int i = from; i < to; i++) {
                long q = u[i] >>> k;
                if (q >= LIMIT) {
                    out.write(-1L, LIMIT);
                    out.write(u[i], 64);
                } else {
                    out.write(-2L, (int) q + 1);
                    out.write(u[i], k);
                }
            }
        }
    }

    /** Zig-zag residuals of the given order; index i below the order holds the residual of order i. */
    private static long[] residuals(long[] x, int n, int order) {
        long[] u = new long[n];
        long prev = 0;
        long prevDelta = 0;
        for (int i = 0; i < n; i++) {
            long r;
            if (i == 0 || order == 0) {
                r = x[i];
            } else {
                long delta = x[i] - prev;
                r = order == 1 || i == 1 ? delta : delta - prevDelta;
                prevDelta = delta;
            }
            prev = x[i];
            u[i] = Bits.zigzag(r);
        }
        return u;
    }

    /**
     * The cheapest k of one chunk and its cost in bits, as {@code cost << 8 | k}; k is 0xFF for a chunk of zeros.
     * The k is searched next to log2 of the mean, where the optimum of a geometric distribution lies.
     */
    private static long chunk(long[] u, int from, int to) {
        double sum = 0;
        boolean zeros = true;
        for (int i = from; i < to; i++) {
            sum += Math.abs((double) u[i]);
            zeros &= u[i] == 0;
        }
        if (zeros) {
            return 1L << 8 | 0xFF;
        }
        double mean = sum / (to - from);
        int estimate = mean < 2 ? 0 : Math.min(63, (int) (Math.log(mean) / Math.log(2)));
        long best = Long.MAX_VALUE;
        for (int k = Math.max(0, estimate - 1); k <= Math.min(63, estimate + 1); k++) {
            long bits = 1 + 6;
            for (int i = from; i < to; i++) {
                long q = u[i] >>> k;
                bits += q >= LIMIT ? LIMIT + 64 : q + 1 + k;
            }
            best = Math.min(best, bits << 8 | k);
        }
        return best;
    }

    /**
     * Streams a column back: each {@link #next} call decodes up to the requested count straight into the caller's
     * array, a piece of a chunk at a time in a tight loop, so that a caller decoding several columns in short runs
     * keeps their loops (and its own) close enough for the processor to overlap them.
     */
    static final class Reader {
        private final Bits.Reader in;
        private final int order;
        private final int n;
        private int done;
        private int chunkLeft;
        private int k;
        private boolean zeros;
        private long x;
        private long delta;

        Reader(Bits.Reader in, int n) {
            this.in = in;
            this.n = n;
            this.order = (int) in.read(2);
        }

        /** The next {@code m} values into {@code dst[0, m)}. */
        void next(long[] dst, int m) {
            int got = 0;
            while (got < m && done < order) {
                long r = in.readLong();
                if (done == 0) {
                    x = r;
                } else {
                    delta = r;
                    x += r;
                }
                dst[got++] = x;
                done++;
            }
            while (got < m) {
                if (chunkLeft == 0) {
                    chunkLeft = Math.min(CHUNK, n - done);
                    zeros = in.read(1) == 1;
                    if (!zeros) {
                        k = (int) in.read(6);
                    }
                }
                int c = Math.min(m - got, chunkLeft);
                int to = got + c;
                if (zeros) {
                    Arrays.fill(dst, got, to, 0L);
                } else {
                    in.rice(dst, got, to, k, LIMIT);
                }
                // Residuals to values: chunks start past the heads, so each order is one plain running sum.
                if (order == 1) {
                    long v = x;
                    for (int j = got; j < to; j++) {
                        v += dst[j];
                        dst[j] = v;
                    }
                    x = v;
                } else if (order == 2) {
                    long v = x;
                    long d = delta;
                    for (int j = got; j < to; j++) {
                        d += dst[j];
                        v += d;
                        dst[j] = v;
                    }
                    x = v;
                    delta = d;
                }
                got = to;
                done += c;
                chunkLeft -= c;
            }
        }
    }
}
