package io.gridhub.driver.iec61850.internal;

import io.gridhub.api.driver.DeviceContext;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The entry id of the last buffered report received, per device and report control block, and when it came: a new
 * connection writes it into the control block before enabling it, so that the server sends what it buffered after it
 * and nothing is lost or sent twice. The driver service remembers it for its own life (reconnects within one run of
 * the hub); the hub keeps it as the device's resume point ({@link DeviceContext#resumePoint}, under {@link #key}) on
 * disk, so that the first connection after a restart of the hub resumes too.
 */
public final class ReportPositions {
    /** Where a buffered report control block stood: the last entry id received, and the hub's time then. */
    record Position(byte[] entryId, Instant at) {
        Position {
            entryId = entryId.clone();
        }

        @Override
        public byte[] entryId() {
            return entryId.clone();
        }

        /** As the hub keeps it: {@code <entry id in hex>@<epoch millis>}. */
        String encode() {
            return HexFormat.of().formatHex(entryId) + "@" + at.toEpochMilli();
        }

        /** A kept resume point; empty when it is not one (also the empty text that forgets it). */
        static Optional<Position> decode(String text) {
            int at = text == null ? -1 : text.indexOf('@');
            if (at <= 0) {
                return Optional.empty();
            }
            try {
                byte[] id = HexFormat.of().parseHex(text, 0, at);
                Instant t = Instant.ofEpochMilli(Long.parseLong(text.substring(at + 1)));
                return usable(id) ? Optional.of(new Position(id, t)) : Optional.empty();
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }

        @Override
        public String toString() {
            return HexFormat.of().formatHex(entryId) + " (" + at + ")";
        }
    }

    private final Map<String, Position> last = new ConcurrentHashMap<>();

    /** The hub's resume point key of a buffered report control block. */
    static String key(String rcb) {
        return "iec61850.brcb." + rcb;
    }

    /** Where to resume a block: from this run's last report, else from the hub's resume point (after a restart). */
    Optional<Position> get(DeviceContext context, String rcb) {
        Position p = last.get(context.deviceName() + "\n" + rcb);
        if (p != null) {
            return Optional.of(p);
        }
        return context.resumePoint(key(rcb)).flatMap(Position::decode);
    }

    /** Remembers a report's entry id; the position, empty when the id is none (absent or all zero). */
    Optional<Position> put(String device, String rcb, byte[] entryId, Instant at) {
        if (!usable(entryId)) {
            return Optional.empty();
        }
        Position p = new Position(entryId, at);
        last.put(device + "\n" + rcb, p);
        return Optional.of(p);
    }

    /** Forgets a block's position (the server refused it): the next connection enables it afresh. */
    void forget(String device, String rcb) {
        last.remove(device + "\n" + rcb);
    }

    private static boolean usable(byte[] b) {
        return b != null && b.length > 0 && !allZero(b);
    }

    static boolean allZero(byte[] b) {
        for (byte x : b) {
            if (x != 0) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        last.forEach(
                (k, v) -> sb.append(k.replace('\n', ' ')).append('=').append(v).append(' '));
        return sb.toString();
    }
}
