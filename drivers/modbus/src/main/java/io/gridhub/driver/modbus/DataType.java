package io.gridhub.driver.modbus;

import java.util.Locale;

/** How registers hold a number. */
public enum DataType {
    BOOL(0),
    INT16(1),
    UINT16(1),
    INT32(2),
    UINT32(2),
    FLOAT32(2),
    FLOAT64(4);

    private final int registers;

    DataType(int registers) {
        this.registers = registers;
    }

    /** Registers the value spans (0 for a bit). */
    public int registers() {
        return registers;
    }

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
