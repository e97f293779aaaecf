package io.gridhub.driver.modbus;

import java.util.Locale;

/**
 * Word and byte order of multi-byte values, named by where bytes A (most significant) to D land:
 * {@code abcd} big-endian words and bytes (the Modbus default), {@code cdab} words swapped, {@code badc} bytes
 * swapped in each word, {@code dcba} both. For 64-bit values the same rule applies to all four words.
 */
public enum WordOrder {
    ABCD(false, false),
    CDAB(true, false),
    BADC(false, true),
    DCBA(true, true);

    private final boolean wordSwap;
    private final boolean byteSwap;

    WordOrder(boolean wordSwap, boolean byteSwap) {
        this.wordSwap = wordSwap;
        this.byteSwap = byteSwap;
    }

    public boolean wordSwap() {
        return wordSwap;
    }

    public boolean byteSwap() {
        return byteSwap;
    }

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
