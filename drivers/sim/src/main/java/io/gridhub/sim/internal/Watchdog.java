package io.gridhub.sim.internal;

import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A simulated device's setpoint watchdog, on the wall clock (an accelerated simulated clock must not shorten the time
 * the hub has to write): LOCAL until the first remote write, REMOTE from each write, SAFE when no write came for the
 * watchdog time, until the next one. What SAFE means is the device's own matter. Not thread-safe: its device holds
 * its lock.
 */
final class Watchdog {
    private static final Logger LOG = LoggerFactory.getLogger(Watchdog.class);

    private final String device;
    private final Clock wall;
    private final long millis;
    private ControlState state = ControlState.LOCAL;
    private long lastWriteMillis;

    Watchdog(String device, int seconds, Clock wall) {
        this.device = device;
        this.wall = wall;
        this.millis = seconds * 1000L;
    }

    /** A remote write: REMOTE, the watchdog time starts again. */
    void written(String why) {
        lastWriteMillis = wall.millis();
        change(ControlState.REMOTE, why);
    }

    /**
     * Goes SAFE when REMOTE and no write came for the watchdog time.
     *
     * @param then what the device does in its safe state, for the log
     * @return true when it went SAFE just now
     */
    boolean expire(String then) {
        if (state != ControlState.REMOTE || wall.millis() - lastWriteMillis < millis) {
            return false;
        }
        change(ControlState.SAFE, "no write for " + millis / 1000 + " s: " + then);
        return true;
    }

    ControlState state() {
        return state;
    }

    private void change(ControlState to, String why) {
        if (state != to) {
            LOG.info("{}: {} -> {} ({})", device, state, to, why);
            state = to;
        }
    }
}
