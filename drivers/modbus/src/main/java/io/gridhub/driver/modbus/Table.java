package io.gridhub.driver.modbus;

import java.util.Locale;

/** The four Modbus data tables. */
public enum Table {
    HOLDING("hr", false, true),
    INPUT("ir", false, false),
    COIL("coil", true, true),
    DISCRETE("di", true, false);

    private final String code;
    private final boolean bit;
    private final boolean writable;

    Table(String code, boolean bit, boolean writable) {
        this.code = code;
        this.bit = bit;
        this.writable = writable;
    }

    /** The short name used in addresses: {@code hr}, {@code ir}, {@code coil}, {@code di}. */
    public String code() {
        return code;
    }

    public boolean isBit() {
        return bit;
    }

    public boolean isWritable() {
        return writable;
    }

    static Table of(String text) {
        return switch (text.toLowerCase(Locale.ROOT)) {
            case "hr", "holding" -> HOLDING;
            case "ir", "input" -> INPUT;
            case "coil", "co", "coils" -> COIL;
            case "di", "discrete" -> DISCRETE;
            default -> null;
        };
    }
}
