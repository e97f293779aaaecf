package io.gridhub.sim.internal;

import io.gridhub.api.time.HubClock;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The demo field as its own process: {@code java -jar gridhub-field.jar --config config/demo/field.json [--speed N]
 * [--wall-anchor EPOCH_MS] [--sim-anchor ISO_INSTANT] [--inbox DIR] [--ingest URL --ingest-user USER:PASSWORD]}.
 * Runs until SIGTERM (or Ctrl-C), then closes every server.
 */
@Command(
        name = "gridhub-field",
        mixinStandardHelpOptions = true,
        description = "The demo's simulated devices over real protocols on 127.0.0.1, on one simulated clock.")
public final class Field implements Callable<Integer> {
    @Option(names = "--config", required = true, description = "the field's description (config/demo/field.json)")
    Path config;

    @Option(names = "--speed", defaultValue = "1", description = "simulated seconds per wall second (default 1)")
    double speed;

    @Option(names = "--wall-anchor", description = "wall time (epoch ms) at which simulated time is the sim anchor")
    Long wallAnchor;

    @Option(
            names = "--sim-anchor",
            description = "simulated instant at the wall anchor, ISO-8601 (default: the" + " wall anchor)")
    Instant simAnchor;

    @Option(names = "--inbox", description = "the hub's inbox: day-ahead price files are written there")
    Path inbox;

    @Option(
            names = "--ingest",
            description =
                    "the weather source's HTTP intake, e.g." + " http://127.0.0.1:8181/api/v1/ingest/demo-weather")
    URI ingest;

    @Option(names = "--ingest-user", description = "USER:PASSWORD for the intake (HTTP Basic)")
    String ingestUser;

    @Option(names = "--step-millis", defaultValue = "250", description = "wall milliseconds between device steps")
    int stepMillis;

    @Option(
            names = "--stop-with",
            description = "a process id (the hub's): the field stops when that process ends, as on SIGTERM")
    Long stopWith;

    public static void main(String[] args) {
        // slf4j-simple, before the first logger: time stamps; Milo's start-up chatter and its per-session
        // diagnostics warning (its own diagnostics node fails to build in 1.1.2; sessions work) left out.
        defaultProperty("org.slf4j.simpleLogger.showDateTime", "true");
        defaultProperty("org.slf4j.simpleLogger.dateTimeFormat", "yyyy-MM-dd'T'HH:mm:ss.SSSXXX");
        defaultProperty("org.slf4j.simpleLogger.log.org.eclipse.milo", "warn");
        defaultProperty("org.slf4j.simpleLogger.log.org.eclipse.milo.opcua.sdk.server.diagnostics", "error");
        int code = new CommandLine(new Field()).execute(args);
        if (code != 0) {
            System.exit(code);
        }
    }

    private static void defaultProperty(String key, String value) {
        if (System.getProperty(key) == null) {
            System.setProperty(key, value);
        }
    }

    /**
     * The simulated clock: the hub's own {@link HubClock#scaled}, sim(t) = simAnchor + (t − wallAnchor) × speed, so
     * that the field and the hub given the same three numbers read the same time.
     */
    Clock clock(Clock wall) {
        Instant anchor = wallAnchor != null ? Instant.ofEpochMilli(wallAnchor) : wall.instant();
        return HubClock.scaled(wall, anchor, simAnchor != null ? simAnchor : anchor, speed)
                .clock();
    }

    @Override
    public Integer call() throws Exception {
        Clock clock = clock(Clock.systemUTC());
        FieldConfig description = FieldConfig.read(config);
        Path base = config.toAbsolutePath().getParent();
        FieldDevices devices = new FieldDevices(
                description,
                base,
                clock,
                Clock.systemUTC(),
                new FieldDevices.Intake(ingest, ingestUser, inbox),
                Math.max(10, stepMillis));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            devices.close();
            System.out.println("gridhub field stopped: every server closed");
            System.out.flush();
            stopped.countDown();
        }));
        System.out.println("gridhub field running: speed " + speed + ", simulated " + clock.instant() + " at wall "
                + Instant.ofEpochMilli(System.currentTimeMillis()));
        System.out.flush();
        if (stopWith != null) {
            Optional<ProcessHandle> hub = ProcessHandle.of(stopWith);
            if (hub.isEmpty()) {
                System.out.println("gridhub field stopping: process " + stopWith + " is not running");
                System.exit(0);
            }
            hub.get().onExit().thenRun(() -> {
                System.out.println("gridhub field stopping: process " + stopWith + " ended");
                System.exit(0);
            });
        }
        stopped.await();
        return 0;
    }
}
