package io.gridhub.store.derby.internal;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/** Bit-level writing and reading, most significant bit first, for the columns of a format-2 block. */
final class Bits {
    private Bits() {}

    /** Zig-zag: small negative numbers become small unsigned ones. */
    static long zigzag(long v) {
        return (v << 1) ^ (v >> 63);
    }

    static long unzigzag(long u) {
        return (u >>> 1) ^ -(u & 1);
    }

    static final class Writer {
        private byte[] buf;
        private int len;
        private long acc;
        private int fill;

        Writer(int capacityBytes) {
            buf = new byte[Math.max(16, capacityBytes)];
        }

        /** Writes the low {@code bits} (0 to 64) bits of {@code v}. */
        void write(long v, int bits) {
            if (bits == 0) {
                return;
            }
            long value = bits == 64 ? v : v & ((1L << bits) - 1);
            int free = 64 - fill;
            if (bits < free) {
                acc |= value << (free - bits);
                fill += bits;
                return;
            }
            int rest = bits - free;
            acc |= value >>> rest;
            flush();
            acc = rest == 0 ? 0 : value << (64 - rest);
            fill = rest;
        }

        /** A signed number of any size: its zig-zag length in 7 bits, then that many bits. */
        void writeLong(long v) {
            long u = zigzag(v);
            int length = 64 - Long.numberOfLeadingZeros(u);
            write(length, 7);
            write(u, length);
        }

        private void flush() {
            if (len + 8 > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + 8));
            }
            for (int i = 0; i < 8; i++) {
                buf[len++] = (byte) (acc >>> (56 - 8 * i));
            }
        }

        int bitLength() {
            return len * 8 + fill;
        }

        /** The bits written, the last byte padded with zeros; the writer must not be used afterwards. */
        void appendTo(Bytes out) {
            for (int i = 0; i < len; i++) {
                out.put(buf[i]);
            }
            for (int i = 0; i < fill; i += 8) {
                out.put((int) (acc >>> (56 - i)));
            }
        }
    }

    static final class Reader {
        /** Bytes past the end read as zeros before a block counts as cut short (reads peek 8 bytes ahead). */
        private static final int SLACK = 8;

        private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.BIG_ENDIAN);

        private final byte[] buf;
        private final int end;
        private long bit;

        Reader(byte[] buf, int from, int to) {
            this.buf = buf;
            this.bit = from * 8L;
            this.end = to;
        }

        /** The next 64 bits from the current position, at least the first 57 of them valid; nothing is consumed. */
        long peek() {
            int i = (int) (bit >>> 3);
            long w;
            if (i + 8 <= buf.length) {
                w = (long) LONGS.get(buf, i);
            } else {
                if (i >= end + SLACK) {
                    throw new IllegalStateException("block ends early");
                }
                w = 0;
                for (int j = 0; j < 8; j++) {
                    w = (w << 8) | (i + j < buf.length ? buf[i + j] & 0xFF : 0);
                }
            }
            return w << (bit & 7);
        }

        /** Consumes bits that {@link #peek} showed. */
        void skip(int bits) {
            bit += bits;
        }

        /** Reads {@code bits} (0 to 64) bits. */
        long read(int bits) {
            if (bits > 56) {
                long high = read(bits - 32);
                return (high << 32) | read(32);
            }
            if (bits == 0) {
                return 0;
            }
            long v = peek() >>> (64 - bits);
            bit += bits;
            return v;
        }

        long readLong() {
            return unzigzag(read((int) read(7)));
        }

        /**
         * Decodes Rice codes of parameter {@code k} into {@code dst[from, to)}, zig-zag undone: a unary quotient
         * (ones, then a zero) and k low bits, or {@code limit} ones and the raw 64 bits. The position and the buffer
         * stay in locals through the loop, and one 64-bit look serves every code that lies whole in it: the next
         * code's start then depends on a shift of that word, not on another load from memory.
         */
        void rice(long[] dst, int from, int to, int k, int limit) {
            long at = bit;
            int last = buf.length - 8;
            int j = from;
            while (j < to) {
                int i = (int) (at >>> 3);
                if (i <= last) {
                    int shift = (int) (at & 7);
                    long w = (long) LONGS.get(buf, i) << shift;
                    int avail = 64 - shift;
                    int first = j;
                    while (j < to) {
                        int q = Long.numberOfLeadingZeros(~w);
                        int length = q + 1 + k;
                        if (q >= limit || length > avail) {
                            break;
                        }
                        // >>> 1 >>> (63 - k): k = 0 gives 0 (a shift by 64 would not)
                        long low = (w << (q + 1)) >>> 1 >>> (63 - k);
                        dst[j++] = unzigzag(((long) q << k) | low);
                        at += length;
                        w <<= length;
                        avail -= length;
                    }
                    if (j > first) {
                        continue;
                    }
                }
                bit = at;
                int q = unary(limit);
                dst[j++] = unzigzag(q == limit ? read(64) : ((long) q << k) | read(k));
                at = bit;
            }
            bit = at;
        }

        /** Counts one bits up to a zero (consumed) or up to {@code limit} ones (at most 56; no zero follows). */
        int unary(int limit) {
            int q = Long.numberOfLeadingZeros(~peek());
            if (q >= limit) {
                bit += limit;
                return limit;
            }
            bit += q + 1;
            return q;
        }
    }
}
