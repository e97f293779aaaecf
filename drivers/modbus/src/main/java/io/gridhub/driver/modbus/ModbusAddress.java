package io.gridhub.driver.modbus;

import io.gridhub.api.driver.AddressException;
import java.util.Locale;
import java.util.Objects;
import java.util.function.Function;

/**
 * One Modbus channel: {@code TABLE:ADDRESS[:TYPE[:ORDER]]}, e.g. {@code hr:100:float32}, {@code ir:0:uint16},
 * {@code hr:10:int32:cdab}, {@code coil:3}, {@code di:7}. Addresses are 0-based protocol addresses (register
 * 40101 in a vendor's 1-based table is {@code hr:100}). TYPE defaults to {@code uint16}; ORDER to {@code abcd}.
 */
public record ModbusAddress(Table table, int address, DataType type, WordOrder order) {
    public ModbusAddress {
        Objects.requireNonNull(table, "table");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(order, "order");
    }

    /** Registers or bits the channel spans. */
    public int width() {
        return table.isBit() ? 1 : type.registers();
    }

    /** One past the last register or bit. */
    public int end() {
        return address + width();
    }

    public static ModbusAddress parse(String text) throws AddressException {
        if (text == null || text.isBlank()) {
            throw new AddressException(
                    String.valueOf(text), "empty; expected TABLE:ADDRESS[:TYPE[:ORDER]], " + "e.g. hr:100:float32");
        }
        String[] p = text.trim().split(":", -1);
        if (p.length < 2 || p.length > 4) {
            throw new AddressException(text, "expected TABLE:ADDRESS[:TYPE[:ORDER]], e.g. hr:100:float32");
        }
        Table table = Table.of(p[0]);
        if (table == null) {
            throw new AddressException(text, "unknown table '" + p[0] + "'; one of hr, ir, coil, di");
        }
        int address;
        try {
            address = Integer.parseInt(p[1]);
        } catch (NumberFormatException e) {
            throw new AddressException(text, "address '" + p[1] + "' is not a number 0..65535");
        }
        DataType type = table.isBit() ? DataType.BOOL : DataType.UINT16;
        if (p.length >= 3) {
            type = byCode(DataType.values(), DataType::code, p[2]);
            if (type == null) {
                throw new AddressException(
                        text,
                        "unknown type '" + p[2] + "'; one of int16, uint16, int32, uint32, float32, float64"
                                + (table.isBit() ? ", bool" : ""));
            }
            if (table.isBit() != (type == DataType.BOOL)) {
                throw new AddressException(
                        text,
                        table.isBit()
                                ? table.code() + " holds bits: type bool or none"
                                : "type bool is for coil and di only");
            }
        }
        WordOrder order = WordOrder.ABCD;
        if (p.length == 4) {
            order = byCode(WordOrder.values(), WordOrder::code, p[3]);
            if (order == null || table.isBit()) {
                throw new AddressException(
                        text, "unknown order '" + p[3] + "'; one of abcd, cdab, badc, dcba" + " (registers only)");
            }
        }
        int width = table.isBit() ? 1 : type.registers();
        if (address < 0 || address + width > 65536) {
            throw new AddressException(text, "address " + address + " out of 0..65535 for " + width + " register(s)");
        }
        return new ModbusAddress(table, address, type, order);
    }

    /** The constant whose code is {@code text} in any case, or null. */
    private static <E> E byCode(E[] values, Function<E, String> code, String text) {
        String wanted = text.toLowerCase(Locale.ROOT);
        for (E e : values) {
            if (code.apply(e).equals(wanted)) {
                return e;
            }
        }
        return null;
    }

    @Override
    public String toString() {
        if (table.isBit()) {
            return table.code() + ":" + address;
        }
        return table.code() + ":" + address + ":" + type.code() + (order == WordOrder.ABCD ? "" : ":" + order.code());
    }
}
