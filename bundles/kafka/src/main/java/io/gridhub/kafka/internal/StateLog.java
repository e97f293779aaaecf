package io.gridhub.kafka.internal;

import java.util.Objects;
import org.slf4j.Logger;

/** One warning per change of state, not one per record (house style): logs a state only when it differs. */
final class StateLog {
    private final Logger log;
    private String last = "";

    StateLog(Logger log) {
        this.log = log;
    }

    /** Logs {@code state} as a warning when it is not the last one logged. */
    synchronized void warn(String state) {
        if (!Objects.equals(state, last)) {
            log.warn(state);
            last = state;
        }
    }

    /** Back to normal: logs {@code state} at info when a warning was the last word. */
    synchronized void ok(String state) {
        if (!last.isEmpty()) {
            log.info(state);
            last = "";
        }
    }
}
