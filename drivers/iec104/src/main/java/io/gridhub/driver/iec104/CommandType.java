package io.gridhub.driver.iec104;

import java.util.Locale;

/** The command an address sends when written: C_SC, C_DC or a set-point in one of three encodings. */
public enum CommandType {
    SINGLE("single"),
    DOUBLE("double"),
    NORMALIZED("normalized"),
    SCALED("scaled"),
    FLOAT("float");

    private final String code;

    CommandType(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    /** By code, or a few common aliases (sc, dc, nva, sva, r32); null when unknown. */
    public static CommandType of(String text) {
        switch (text.toLowerCase(Locale.ROOT)) {
            case "single":
            case "sc":
                return SINGLE;
            case "double":
            case "dc":
                return DOUBLE;
            case "normalized":
            case "nva":
                return NORMALIZED;
            case "scaled":
            case "sva":
                return SCALED;
            case "float":
            case "r32":
                return FLOAT;
            default:
                return null;
        }
    }
}
