package io.gridhub.core.internal;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;

/** The core's background threads: daemons (they never keep the JVM alive) with a name that says what they do. */
public final class Daemons {
    private Daemons() {}

    /** A single-thread scheduler whose thread is a daemon called {@code name}. */
    public static ScheduledExecutorService scheduler(String name) {
        return Executors.newSingleThreadScheduledExecutor(threads(name));
    }

    /** Makes daemon threads called {@code name}. */
    public static ThreadFactory threads(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
