package io.gridhub.store.derby.internal;

import java.sql.SQLException;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Tells a failure that took the whole database down (the disk filled under the log or a container, Derby shut the
 * database: every later statement fails until it is booted again) from one that failed only its statement. Derby
 * marks the first kind with a severity of at least {@code DATABASE_SEVERITY} (45000) as the error code, with SQLStates
 * of the store and log layers, or only in the message of a Java exception it wraps (XJ001: "containerCache is null").
 */
final class DatabaseFailure {
    /** Derby's {@code ExceptionSeverity.DATABASE_SEVERITY}: the database is closed after such an error. */
    static final int DATABASE_SEVERITY = 45000;

    /** 08003 connection gone, 08006 database shut down, XJ001 Java exception in Derby, 40XD0 container closed, … */
    private static final List<String> STATES =
            List.of("08003", "08006", "XJ001", "40XD0", "XSDG", "XSLA", "XSDB", "XSDF", "XSLB", "XSTB");

    private static final List<String> MESSAGES = List.of("containerCache is null", "No space left on device");

    private DatabaseFailure() {}

    /** True when {@code e}, its next exceptions or its causes say the database itself failed. */
    static boolean isFatal(Throwable e) {
        return reason(e) != null;
    }

    /** What says the database failed, or null when nothing does (a statement's own failure). */
    static String reason(Throwable e) {
        Map<Throwable, Boolean> seen = new IdentityHashMap<>();
        return reason(e, seen);
    }

    private static String reason(Throwable e, Map<Throwable, Boolean> seen) {
        if (e == null || seen.put(e, Boolean.TRUE) != null) {
            return null;
        }
        String message = String.valueOf(e.getMessage());
        for (String m : MESSAGES) {
            if (message.contains(m)) {
                return m;
            }
        }
        if (e instanceof SQLException s) {
            String state = s.getSQLState();
            if (state != null && STATES.stream().anyMatch(state::startsWith)) {
                return "SQLState " + state + ": " + message;
            }
            if (s.getErrorCode() >= DATABASE_SEVERITY) {
                return "severity " + s.getErrorCode() + ": " + message;
            }
            String next = reason(s.getNextException(), seen);
            if (next != null) {
                return next;
            }
        }
        return reason(e.getCause(), seen);
    }
}
