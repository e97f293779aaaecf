package io.gridhub.driver.iec61850.internal;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The entry id of the last buffered report received, per device and report control block: a new connection
 * writes it into the control block before enabling it, so that the server sends what it buffered after it and
 * nothing is lost across a reconnect.
 */
public final class ReportPositions {
    private final Map<String, byte[]> last = new ConcurrentHashMap<>();

    Optional<byte[]> get(String device, String rcb) {
        byte[] b = last.get(device + "\n" + rcb);
        return b == null ? Optional.empty() : Optional.of(b.clone());
    }

    void put(String device, String rcb, byte[] entryId) {
        if (entryId != null && entryId.length > 0 && !allZero(entryId)) {
            last.put(device + "\n" + rcb, entryId.clone());
        }
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
        last.forEach((k, v) -> sb.append(k.replace('\n', ' '))
                .append('=')
                .append(Arrays.toString(v))
                .append(' '));
        return sb.toString();
    }
}
