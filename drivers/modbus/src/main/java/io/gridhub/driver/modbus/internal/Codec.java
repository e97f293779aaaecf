package io.gridhub.driver.modbus.internal;

import io.gridhub.driver.modbus.DataType;
import io.gridhub.driver.modbus.WordOrder;
import java.nio.ByteBuffer;

/** Registers to numbers and back, honouring type and word/byte order. */
final class Codec {
    private Codec() {}

    /** Decodes {@code type.registers()} registers starting at {@code offset} of {@code regs} (16-bit values). */
    static double decode(int[] regs, int offset, DataType type, WordOrder order) {
        // One-register types are most of a register map: no buffer for them.
        if (type == DataType.UINT16 || type == DataType.INT16) {
            int w = regs[offset] & 0xFFFF;
            if (order.byteSwap()) {
                w = swapBytes(w);
            }
            return type == DataType.UINT16 ? w : (short) w;
        }
        ByteBuffer b = toBytes(regs, offset, type.registers(), order);
        return switch (type) {
            case INT16 -> b.getShort();
            case UINT16 -> Short.toUnsignedInt(b.getShort());
            case INT32 -> b.getInt();
            case UINT32 -> Integer.toUnsignedLong(b.getInt());
            case FLOAT32 -> b.getFloat();
            case FLOAT64 -> b.getDouble();
            case BOOL -> throw new IllegalArgumentException("bool is not held in registers");
        };
    }

    /**
     * Encodes a value into registers.
     *
     * @throws IllegalArgumentException when the value does not fit the type (out of range, or not whole)
     */
    static int[] encode(double value, DataType type, WordOrder order) {
        ByteBuffer b = ByteBuffer.allocate(type.registers() * 2);
        switch (type) {
            case INT16 -> b.putShort((short) whole(value, Short.MIN_VALUE, Short.MAX_VALUE, type));
            case UINT16 -> b.putShort((short) whole(value, 0, 0xFFFF, type));
            case INT32 -> b.putInt((int) whole(value, Integer.MIN_VALUE, Integer.MAX_VALUE, type));
            case UINT32 -> b.putInt((int) whole(value, 0, 0xFFFF_FFFFL, type));
            case FLOAT32 -> b.putFloat((float) value);
            case FLOAT64 -> b.putDouble(value);
            case BOOL -> throw new IllegalArgumentException("bool is not held in registers");
        }
        int n = type.registers();
        int[] canonical = new int[n];
        for (int i = 0; i < n; i++) {
            canonical[i] = ((b.get(2 * i) & 0xFF) << 8) | (b.get(2 * i + 1) & 0xFF);
        }
        int[] regs = new int[n];
        for (int i = 0; i < n; i++) {
            int w = canonical[order.wordSwap() ? n - 1 - i : i];
            regs[i] = order.byteSwap() ? swapBytes(w) : w;
        }
        return regs;
    }

    private static long whole(double value, long min, long max, DataType type) {
        if (value != Math.rint(value) || value < min || value > max) {
            throw new IllegalArgumentException(value + " does not fit " + type.code() + " (" + min + ".." + max + ")");
        }
        return (long) value;
    }

    private static ByteBuffer toBytes(int[] regs, int offset, int n, WordOrder order) {
        ByteBuffer b = ByteBuffer.allocate(n * 2);
        for (int i = 0; i < n; i++) {
            int w = regs[offset + (order.wordSwap() ? n - 1 - i : i)];
            if (order.byteSwap()) {
                w = swapBytes(w);
            }
            b.putShort((short) w);
        }
        return b.flip();
    }

    private static int swapBytes(int w) {
        return ((w & 0xFF) << 8) | ((w >> 8) & 0xFF);
    }
}
