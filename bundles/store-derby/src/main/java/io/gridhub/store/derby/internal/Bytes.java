package io.gridhub.store.derby.internal;

import java.util.Arrays;

/** A growable byte array with the varint writes the codec needs (ByteArrayOutputStream synchronizes each byte). */
final class Bytes {
    private byte[] buf;
    private int len;

    Bytes(int capacity) {
        buf = new byte[Math.max(16, capacity)];
    }

    void put(int b) {
        if (len == buf.length) {
            buf = Arrays.copyOf(buf, buf.length * 2);
        }
        buf[len++] = (byte) b;
    }

    /** Unsigned LEB128. */
    void putVarLong(long v) {
        while ((v & ~0x7FL) != 0) {
            put((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        put((int) v);
    }

    /** Zig-zag, so that small negative numbers stay short. */
    void putSignedVarLong(long v) {
        putVarLong((v << 1) ^ (v >> 63));
    }

    void putLong(long v) {
        for (int i = 0; i < 8; i++) {
            put((int) (v >>> (8 * i)));
        }
    }

    void putBytes(byte[] b) {
        putVarLong(b.length);
        for (byte x : b) {
            put(x);
        }
    }

    byte[] toArray() {
        return Arrays.copyOf(buf, len);
    }

    /** Reading side. */
    static final class Reader {
        private final byte[] buf;
        private int pos;

        Reader(byte[] buf) {
            this.buf = buf;
        }

        int get() {
            if (pos >= buf.length) {
                throw new IllegalStateException("block ends early at byte " + pos);
            }
            return buf[pos++] & 0xFF;
        }

        long getVarLong() {
            long v = 0;
            int shift = 0;
            while (true) {
                int b = get();
                v |= (long) (b & 0x7F) << shift;
                if ((b & 0x80) == 0) {
                    return v;
                }
                shift += 7;
                if (shift > 63) {
                    throw new IllegalStateException("varint too long at byte " + pos);
                }
            }
        }

        long getSignedVarLong() {
            long v = getVarLong();
            return (v >>> 1) ^ -(v & 1);
        }

        long getLong() {
            long v = 0;
            for (int i = 0; i < 8; i++) {
                v |= (long) get() << (8 * i);
            }
            return v;
        }

        int position() {
            return pos;
        }

        byte[] getBytes() {
            int n = (int) getVarLong();
            byte[] b = Arrays.copyOfRange(buf, pos, pos + n);
            pos += n;
            return b;
        }
    }
}
