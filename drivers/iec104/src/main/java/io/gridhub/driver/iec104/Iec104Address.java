package io.gridhub.driver.iec104;

import io.gridhub.api.driver.AddressException;

/**
 * One information object: {@code ioa:N[:COMMAND]}, e.g. {@code ioa:1001} (read whatever type the outstation reports
 * there) or {@code ioa:5001:float} (written as a short-float set-point). COMMAND is one of single, double,
 * normalized, scaled, float; without it a write sends a short-float set-point.
 */
public record Iec104Address(int ioa, CommandType command) {
    public static final int MAX_IOA = 0xFF_FFFF;

    /** The command a write sends: the address's, or a short-float set-point. */
    public CommandType commandOrDefault() {
        return command == null ? CommandType.FLOAT : command;
    }

    public static Iec104Address parse(String text) throws AddressException {
        if (text == null || text.isBlank()) {
            throw new AddressException(String.valueOf(text), "empty; expected ioa:N[:COMMAND], e.g. ioa:1001");
        }
        String[] p = text.trim().split(":", -1);
        if (p.length < 2 || p.length > 3 || !p[0].equalsIgnoreCase("ioa")) {
            throw new AddressException(text, "expected ioa:N[:COMMAND], e.g. ioa:1001 or ioa:5001:float");
        }
        int ioa;
        try {
            ioa = Integer.parseInt(p[1]);
        } catch (NumberFormatException e) {
            throw new AddressException(text, "'" + p[1] + "' is not a number 1.." + MAX_IOA);
        }
        if (ioa < 1 || ioa > MAX_IOA) {
            throw new AddressException(text, "information object address " + ioa + " out of 1.." + MAX_IOA);
        }
        CommandType command = null;
        if (p.length == 3) {
            command = CommandType.of(p[2]);
            if (command == null) {
                throw new AddressException(
                        text, "unknown command type '" + p[2] + "'; one of single, double, normalized, scaled, float");
            }
        }
        return new Iec104Address(ioa, command);
    }

    @Override
    public String toString() {
        return "ioa:" + ioa + (command == null ? "" : ":" + command.code());
    }
}
