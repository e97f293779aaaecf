package io.gridhub.store.derby.internal;

import io.gridhub.api.model.Quality;
import io.gridhub.api.model.Sample;
import java.util.List;
import java.util.Map;

/**
 * Block format 1 (the store's first): source times delta-of-delta coded as varints, received times as the change
 * of their offset from the source time, values as the XOR with the previous value with zero bytes at either end
 * left out (Gorilla's idea at byte granularity), a quality index per sample unless all are GOOD. The store reads
 * it for blocks written before format 2; it writes it no more (tests and the codec benchmark do).
 */
final class FormatOne {
    static final int ENCODING = 1;

    private FormatOne() {}

    static byte[] encode(List<Sample> samples) {
        int n = samples.size();
        Bytes out = new Bytes(16 + n * 6);
        out.put(ENCODING);
        out.putVarLong(n);
        Map<Quality, Integer> dictionary = BlockCodec.writeHeaderFlagsAndQualities(out, samples, 0);
        long prevTime = 0;
        long prevDelta = 0;
        long prevOffset = 0;
        long prevBits = 0;
        for (int i = 0; i < n; i++) {
            Sample s = samples.get(i);
            long t = BlockCodec.nanos(s.sourceTime());
            long offset = BlockCodec.nanos(s.receivedTime()) - t;
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

    /** Decodes what follows the encoding byte. */
    static void decode(Bytes.Reader in, BlockCodec.Visitor visitor) {
        int n = (int) in.getVarLong();
        int flags = in.get();
        Quality[] dictionary = BlockCodec.readQualities(in, flags);
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
}
