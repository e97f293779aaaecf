package io.gridhub.driver.modbus.internal;

import com.ghgande.j2mod.modbus.procimg.SimpleProcessImage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The load profile the tests' meters keep, the same in j2mod's slave and in the pymodbus peer
 * (src/test/peers/modbus-loadprofile-pymodbus.py): a ring of records of 6 holding registers from 1000; record k is
 * in slot k mod records with its time stamp (uint32) at 0, energy {@code 100000 + 10 k} (uint32) at 2 and power
 * {@code (k mod 50) - 25} (int16, in 10 W) at 4; HR 999 holds the newest record's index.
 */
final class LoadProfileRing {
    static final int START = 1000;
    static final int SIZE = 6;
    /** The channels the two values back-fill. */
    static final String ENERGY = "hr:4:uint32";

    static final String POWER = "hr:10:int16";

    private LoadProfileRing() {}

    static double energy(int k) {
        return 100000 + 10 * k;
    }

    static double power(int k) {
        return ((k % 50) - 25) * 10;
    }

    static Instant time(Instant first, int interval, int k) {
        return first.plusSeconds((long) k * interval);
    }

    /** The device settings of the ring, as key, value pairs (the keys a .cfg file has). */
    static List<Object> settings(int records, int interval, String timeOrder, int perPoll) {
        return new ArrayList<>(List.of(
                "loadProfile.start",
                "hr:" + START,
                "loadProfile.records",
                String.valueOf(records),
                "loadProfile.recordSize",
                String.valueOf(SIZE),
                "loadProfile.newestIndex",
                "hr:999",
                "loadProfile.timeOffset",
                "0",
                "loadProfile.timeOrder",
                timeOrder,
                "loadProfile.intervalSeconds",
                String.valueOf(interval),
                "loadProfile.fields",
                ENERGY + "=2:uint32, " + POWER + "=4:int16*10",
                "loadProfile.maxRecordsPerPoll",
                String.valueOf(perPoll)));
    }

    /** Sets one holding register of a device. */
    @FunctionalInterface
    interface Setter {
        void set(int address, int value);
    }

    /** j2mod's slave's holding registers. */
    static Setter of(SimpleProcessImage image) {
        return (a, v) -> image.getRegister(a).setValue(v);
    }

    /** Empties the ring as a meter does (every register 0xFFFF: an empty record's time stamp). */
    static void clear(Setter image, int records) {
        for (int i = START; i < START + records * SIZE; i++) {
            image.set(i, 0xFFFF);
        }
    }

    /** Writes records {@code from..to-1} into the slave's holding registers (abcd time stamps) and the index. */
    static void write(Setter image, int records, Instant first, int interval, int from, int to) {
        for (int k = from; k < to; k++) {
            long ts = time(first, interval, k).getEpochSecond();
            int base = START + (k % records) * SIZE;
            long e = (long) energy(k);
            int[] words = {
                (int) (ts >>> 16) & 0xFFFF,
                (int) ts & 0xFFFF,
                (int) (e >>> 16) & 0xFFFF,
                (int) e & 0xFFFF,
                ((k % 50) - 25) & 0xFFFF,
                0
            };
            for (int i = 0; i < SIZE; i++) {
                image.set(base + i, words[i]);
            }
            image.set(999, k % records);
        }
    }
}
