package io.gridhub.driver.modbus.internal;

import io.gridhub.api.driver.AddressException;
import io.gridhub.driver.modbus.DataType;
import io.gridhub.driver.modbus.ModbusAddress;
import io.gridhub.driver.modbus.ModbusSettings;
import io.gridhub.driver.modbus.WordOrder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A meter's load profile as the device's settings describe it, since no standard says where a vendor keeps one: a
 * ring buffer of {@code records} records of {@code recordSize} registers from {@code start}, the register that
 * points at the newest record, and within each record its time stamp (epoch seconds, uint32) and its values, each
 * back-filling a mapped channel. Checked once per connect: a bad setting is an {@link IllegalArgumentException}
 * naming it.
 *
 * @param start             table and first register of record 0
 * @param pointer           the newest record's index, or the count of records written ({@code counter})
 * @param counter           whether {@code pointer} counts records (the newest is {@code (count - 1) mod records})
 * @param timeOffset        register of the time stamp within a record
 * @param maxRecordsPerPoll most records one back-fill step reads
 */
record LoadProfile(
        ModbusAddress start,
        int records,
        int recordSize,
        ModbusAddress pointer,
        boolean counter,
        int timeOffset,
        WordOrder timeOrder,
        Duration interval,
        List<Field> fields,
        int maxRecordsPerPoll) {
    static final String EXAMPLE = "CHANNEL=OFFSET:TYPE[:ORDER][*SCALE], e.g. hr:4:float32=2:uint32*0.001";

    /**
     * One value of a record: {@code scale} times the number at {@code offset}, handed on as a raw reading of
     * {@code channel} (the mapping's scale, offset and unit then apply as to a polled reading).
     */
    record Field(ModbusAddress channel, int offset, DataType type, WordOrder order, double scale, String text) {
        int end() {
            return offset + type.registers();
        }
    }

    LoadProfile {
        fields = List.copyOf(fields);
    }

    /** Registers of all records. */
    int span() {
        return records * recordSize;
    }

    /**
     * The load profile of a device's settings, or null when it has none ({@code loadProfile.start} empty).
     *
     * @throws IllegalArgumentException naming the setting that is wrong and why
     */
    static LoadProfile of(ModbusSettings s) {
        String startText = s.loadProfile_start().trim();
        String[] fieldTexts = entries(s.loadProfile_fields());
        if (startText.isEmpty()) {
            if (fieldTexts.length > 0) {
                throw bad(
                        "loadProfile.fields",
                        "is set but 'loadProfile.start' is empty: set the first register of "
                                + "the ring buffer, e.g. loadProfile.start = hr:1000");
            }
            return null;
        }
        ModbusAddress start = address("loadProfile.start", startText);
        if (start.table().isBit()) {
            throw bad("loadProfile.start", "'" + startText + "': a load profile is held in registers (hr or ir)");
        }
        int records = s.loadProfile_records();
        if (records < 1) {
            throw bad("loadProfile.records", records + "; a load profile holds at least 1 record");
        }
        int size = s.loadProfile_recordSize();
        if (size < 1 || size > s.maxRegistersPerRequest()) {
            throw bad(
                    "loadProfile.recordSize",
                    size + "; a record has 1 to " + s.maxRegistersPerRequest()
                            + " registers (maxRegistersPerRequest: one record is read in one request)");
        }
        long last = start.address() + (long) records * size - 1;
        if (last > 65535) {
            throw bad(
                    "loadProfile.records",
                    records + " records of " + size + " registers from "
                            + start.table().code() + ":" + start.address() + " end at register " + last
                            + ", beyond 65535");
        }
        ModbusAddress pointer = pointer(s);
        int timeOffset = s.loadProfile_timeOffset();
        if (timeOffset < 0 || timeOffset + 2 > size) {
            throw bad(
                    "loadProfile.timeOffset",
                    timeOffset + ": the time stamp (2 registers) does not fit a record of " + size + " registers");
        }
        WordOrder timeOrder =
                order("loadProfile.timeOrder", s.loadProfile_timeOrder().trim());
        if (s.loadProfile_intervalSeconds() < 1) {
            throw bad("loadProfile.intervalSeconds", s.loadProfile_intervalSeconds() + "; at least 1");
        }
        if (s.loadProfile_maxRecordsPerPoll() < 1) {
            throw bad("loadProfile.maxRecordsPerPoll", s.loadProfile_maxRecordsPerPoll() + "; at least 1");
        }
        if (fieldTexts.length == 0) {
            throw bad("loadProfile.fields", "empty; a load profile needs at least one value: " + EXAMPLE);
        }
        List<Field> fields = new ArrayList<>();
        for (int i = 0; i < fieldTexts.length; i++) {
            Field f = field(i + 1, fieldTexts[i]);
            String what = "entry " + (i + 1) + " '" + f.text() + "' (registers " + f.offset() + ".." + (f.end() - 1)
                    + " of the record)";
            if (f.end() > size) {
                throw bad("loadProfile.fields", what + " lies beyond the record of " + size + " registers");
            }
            if (f.offset() < timeOffset + 2 && timeOffset < f.end()) {
                throw bad(
                        "loadProfile.fields",
                        what + " overlaps the time stamp (registers " + timeOffset + ".." + (timeOffset + 1) + ")");
            }
            for (int j = 0; j < fields.size(); j++) {
                Field g = fields.get(j);
                if (f.offset() < g.end() && g.offset() < f.end()) {
                    throw bad("loadProfile.fields", what + " overlaps entry " + (j + 1) + " '" + g.text() + "'");
                }
                if (f.channel().equals(g.channel())) {
                    throw bad(
                            "loadProfile.fields",
                            what + " back-fills channel " + f.channel() + ", as entry " + (j + 1) + " does");
                }
            }
            fields.add(f);
        }
        return new LoadProfile(
                start,
                records,
                size,
                pointer,
                !s.loadProfile_recordCounter().isBlank(),
                timeOffset,
                timeOrder,
                Duration.ofSeconds(s.loadProfile_intervalSeconds()),
                fields,
                s.loadProfile_maxRecordsPerPoll());
    }

    private static ModbusAddress pointer(ModbusSettings s) {
        String index = s.loadProfile_newestIndex().trim();
        String counter = s.loadProfile_recordCounter().trim();
        if (index.isEmpty() == counter.isEmpty()) {
            throw bad(
                    "loadProfile.newestIndex",
                    "set exactly one of 'loadProfile.newestIndex' (the register holding the newest record's "
                            + "index) and 'loadProfile.recordCounter' (the count of records written)");
        }
        String key = index.isEmpty() ? "loadProfile.recordCounter" : "loadProfile.newestIndex";
        String text = index.isEmpty() ? counter : index;
        ModbusAddress a = address(key, text);
        if (a.table().isBit() || (a.type() != DataType.UINT16 && a.type() != DataType.UINT32)) {
            throw bad(key, "'" + text + "': a register of type uint16 or uint32 (e.g. hr:999 or hr:998:uint32)");
        }
        return a;
    }

    /** One entry of {@code loadProfile.fields}: {@code CHANNEL=OFFSET:TYPE[:ORDER][*SCALE]}. */
    private static Field field(int n, String text) {
        String what = "entry " + n + " '" + text + "'";
        int eq = text.indexOf('=');
        if (eq < 0) {
            throw bad("loadProfile.fields", what + ": expected " + EXAMPLE);
        }
        ModbusAddress channel;
        try {
            channel = ModbusAddress.parse(text.substring(0, eq).trim());
        } catch (AddressException e) {
            throw bad("loadProfile.fields", what + ": channel " + e.getMessage());
        }
        String value = text.substring(eq + 1).trim();
        double scale = 1;
        int star = value.indexOf('*');
        if (star >= 0) {
            String factor = value.substring(star + 1).trim();
            try {
                scale = Double.parseDouble(factor);
            } catch (NumberFormatException e) {
                scale = Double.NaN;
            }
            if (!Double.isFinite(scale) || scale == 0) {
                throw bad("loadProfile.fields", what + ": scale '" + factor + "' is not a number other than 0");
            }
            value = value.substring(0, star).trim();
        }
        String[] p = value.split(":", -1);
        if (p.length < 2 || p.length > 3) {
            throw bad("loadProfile.fields", what + ": expected " + EXAMPLE);
        }
        int offset;
        try {
            offset = Integer.parseInt(p[0].trim());
        } catch (NumberFormatException e) {
            offset = -1;
        }
        if (offset < 0) {
            throw bad(
                    "loadProfile.fields",
                    what + ": offset '" + p[0] + "' is not a register number 0.. within the " + "record");
        }
        DataType type = null;
        for (DataType t : DataType.values()) {
            if (t != DataType.BOOL && t.code().equals(p[1].trim().toLowerCase(Locale.ROOT))) {
                type = t;
            }
        }
        if (type == null) {
            throw bad(
                    "loadProfile.fields",
                    what + ": unknown type '" + p[1] + "'; one of int16, uint16, int32, uint32, float32, float64");
        }
        WordOrder order = p.length == 3 ? order("loadProfile.fields", p[2].trim(), what) : WordOrder.ABCD;
        return new Field(channel, offset, type, order, scale, text);
    }

    private static WordOrder order(String key, String text) {
        return order(key, text, "'" + text + "'");
    }

    private static WordOrder order(String key, String text, String what) {
        for (WordOrder o : WordOrder.values()) {
            if (o.code().equals(text.toLowerCase(Locale.ROOT))) {
                return o;
            }
        }
        throw bad(key, what + ": unknown order '" + text + "'; one of abcd, cdab, badc, dcba");
    }

    private static ModbusAddress address(String key, String text) {
        try {
            return ModbusAddress.parse(text);
        } catch (AddressException e) {
            throw bad(key, e.getMessage());
        }
    }

    /** The entries of a list setting, split at commas too (a .cfg file gives one string). */
    private static String[] entries(String[] values) {
        List<String> out = new ArrayList<>();
        for (String v : values) {
            for (String e : v.split(",")) {
                if (!e.isBlank()) {
                    out.add(e.trim());
                }
            }
        }
        return out.toArray(String[]::new);
    }

    private static IllegalArgumentException bad(String key, String why) {
        return new IllegalArgumentException("setting '" + key + "': " + why);
    }
}
