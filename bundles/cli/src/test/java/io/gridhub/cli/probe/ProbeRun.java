package io.gridhub.cli.probe;

import io.gridhub.cli.Main;
import io.gridhub.testkit.Waits;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Predicate;

/**
 * {@code ./gridhub probe …} on a thread of its own, so that a test can wait for what a subscription prints, up to a
 * generous deadline, instead of counting on a short {@code --seconds} window; {@link #close()} interrupts it and
 * waits for it to end.
 */
final class ProbeRun implements AutoCloseable {
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();
    private final Thread thread;

    private ProbeRun(String... args) {
        List<String> all = new ArrayList<>(List.of("probe"));
        all.addAll(Arrays.asList(args));
        thread = new Thread(
                () -> Main.run(new PrintWriter(out, true), new PrintWriter(err, true), all.toArray(String[]::new)),
                "probe-run");
        thread.setDaemon(true);
        thread.start();
    }

    static ProbeRun start(String... args) {
        return new ProbeRun(args);
    }

    /** Waits at most {@code timeout} until the complete lines printed so far satisfy {@code condition}. */
    List<String> awaitLines(Duration timeout, Predicate<List<String>> condition, String description) {
        try {
            Waits.until(timeout, () -> condition.test(lines()), description);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; the probe printed: " + out + err, e);
        }
        return lines();
    }

    /** The complete lines on standard output so far. */
    List<String> lines() {
        String text = out.toString();
        int end = text.lastIndexOf('\n');
        return end < 0
                ? List.of()
                : Arrays.stream(text.substring(0, end).split("\n"))
                        .filter(l -> !l.isBlank())
                        .toList();
    }

    @Override
    public void close() throws InterruptedException {
        thread.interrupt();
        thread.join(Duration.ofSeconds(30).toMillis());
    }
}
