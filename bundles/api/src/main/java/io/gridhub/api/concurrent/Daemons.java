package io.gridhub.api.concurrent;

import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;

/**
 * Daemon threads with a name that says what they do, for every bundle of the hub: a thread of the hub never keeps
 * the JVM (or a test run) alive, and a thread dump names its owner.
 */
public final class Daemons {
    private Daemons() {}

    /** Makes daemon threads, each called {@code name}. */
    public static ThreadFactory threads(String name) {
        Objects.requireNonNull(name, "name");
        return task -> thread(name, task);
    }

    /** A daemon thread called {@code name} that runs {@code task}, not yet started. */
    public static Thread thread(String name, Runnable task) {
        Thread t = new Thread(task, name);
        t.setDaemon(true);
        return t;
    }

    /** A single-thread scheduler whose thread is a daemon called {@code name}. */
    public static ScheduledExecutorService scheduler(String name) {
        return Executors.newSingleThreadScheduledExecutor(threads(name));
    }
}
