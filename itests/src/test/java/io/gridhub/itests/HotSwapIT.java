package io.gridhub.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertNotNull;
import static org.junit.Assert.assertNull;
import static org.junit.Assert.assertTrue;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;

import io.gridhub.api.bus.LatestValues;
import io.gridhub.api.bus.SampleBus;
import io.gridhub.api.bus.SampleListener;
import io.gridhub.api.bus.Subscription;
import io.gridhub.api.model.PointId;
import io.gridhub.api.model.Sample;
import io.gridhub.api.strategy.Strategy;
import io.gridhub.api.strategy.StrategyInfo;
import io.gridhub.api.strategy.StrategyRegistry;
import io.gridhub.api.strategy.StrategyRole;
import io.gridhub.itests.hotswap.ProbeStrategy;
import io.gridhub.itests.hotswap.ProbeStrategyBundles;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import javax.inject.Inject;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.FrameworkUtil;

/**
 * A strategy bundle dropped into deploy/ is replaced by its next version while samples flow: the new version is
 * active within seconds, the framework keeps running, and the bus loses no sample on the way.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class HotSwapIT {
    private static final String V1 = "gridhub.it.hotswap.v1";
    private static final String V2 = "gridhub.it.hotswap.v2";
    private static final Duration DEPLOY_TIMEOUT = Duration.ofSeconds(30);
    private static final Duration SWAP_TIMEOUT = Duration.ofSeconds(10);
    private static final int RATE_PER_SECOND = 2_000;

    @Inject
    private BundleContext context;

    @Inject
    private SampleBus bus;

    @Inject
    private LatestValues latest;

    @Inject
    private StrategyRegistry strategies;

    @Configuration
    public Option[] configuration() throws IOException {
        // Built here, on the Maven side: the container has no tinybundles. Both files are the same classes.
        Path dir = GridhubContainer.buildDirectory().resolve("hotswap-bundles");
        Path v1 = ProbeStrategyBundles.write(dir, "1.0.0");
        Path v2 = ProbeStrategyBundles.write(dir, "2.0.0");
        return GridhubContainer.configuration(
                HotSwapIT.class,
                systemProperty(V1).value(v1.toString()),
                systemProperty(V2).value(v2.toString()));
    }

    @Test
    public void newStrategyVersionTakesOverWhileSamplesFlowAndNoneIsLost() throws Exception {
        Path deployed = Paths.get(System.getProperty("karaf.base"), "deploy", "hotswap-probe.jar");
        String uuid = context.getProperty(Constants.FRAMEWORK_UUID);
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        long ownBundle = FrameworkUtil.getBundle(getClass()).getBundleId();
        Object busService = context.getServiceReference(SampleBus.class).getProperty(Constants.SERVICE_ID);
        assertNotNull(uuid);

        // (a) v1 into deploy/: FileInstall installs and starts it, the registry makes it the TEST strategy.
        assertTrue(
                "no TEST strategy before the test deploys one",
                activeTestVersion().isEmpty());
        replace(deployed, Paths.get(System.getProperty(V1)));
        assertEquals("1.0.0", awaitActiveVersion("1.0.0", DEPLOY_TIMEOUT));
        Bundle probeBundle = probeBundle().orElseThrow(() -> new AssertionError("hot-swap bundle not installed"));
        long probeBundleId = probeBundle.getBundleId();

        // (b) a steady publisher and a subscriber that checks every sample arrives once and in order.
        PointId point = PointId.of("it.hotswap.p" + Long.toHexString(System.nanoTime()));
        SequenceListener listener = new SequenceListener();
        Publisher publisher = new Publisher(bus, point, RATE_PER_SECOND, 240_000, Duration.ofSeconds(120));
        Subscription subscription = bus.subscribe("itest-hotswap", point::equals, SampleBus.DEFAULT_CAPACITY, listener);
        try {
            publisher.start();
            assertTrue(
                    "the subscriber received nothing in 10 s",
                    Waits.until(Duration.ofSeconds(10), () -> listener.received() >= RATE_PER_SECOND / 2));

            // (c) v2 over the same file name, atomically: FileInstall updates the installed bundle in place.
            long publishedAtSwap = publisher.published();
            long swapStart = System.nanoTime();
            replace(deployed, Paths.get(System.getProperty(V2)));
            assertEquals("2.0.0", awaitActiveVersion("2.0.0", SWAP_TIMEOUT));
            long swapMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - swapStart);
            assertTrue("v2 active after " + swapMillis + " ms", swapMillis <= SWAP_TIMEOUT.toMillis());
            assertTrue("samples kept flowing during the swap", publisher.published() > publishedAtSwap);
            // Some more traffic on the new version before stopping: at least a second's worth, and enough in all
            // to say something (a fast swap leaves little traffic before it).
            long enough = Math.max(publisher.published() + RATE_PER_SECOND, 3L * RATE_PER_SECOND);
            assertTrue(
                    "publisher stalled after the swap",
                    Waits.until(Duration.ofSeconds(10), () -> publisher.published() >= enough));

            // (d) stop, then every published sample must have been delivered, in order, none missed.
            publisher.stopAndJoin(Duration.ofSeconds(5));
            assertNull("publisher failed: " + publisher.failure(), publisher.failure());
            long published = publisher.published();
            assertTrue("too few samples to say anything: " + published, published >= 2L * RATE_PER_SECOND);
            Waits.until(Duration.ofSeconds(10), () -> listener.received() >= published);
            assertEquals("samples delivered", published, listener.received());
            assertEquals("subscription delivered()", published, subscription.delivered());
            assertEquals("subscription missed()", 0, subscription.missed());
            assertEquals("onMissed total", 0, listener.missed());
            assertEquals("samples out of order or duplicated", 0, listener.outOfOrder());
            Sample last = publisher.last();
            assertEquals(last, latest.latest(point).orElseThrow(() -> new AssertionError("no latest " + point)));
            assertEquals((double) (published - 1), last.value(), 0.0);
            // One line for the build log (failsafe-reports/…-output.txt): what the swap cost.
            System.out.printf(
                    "HotSwapIT: v2 active %d ms after the file was replaced; %d samples published at %d/s,"
                            + " %d delivered, %d missed%n",
                    swapMillis, published, RATE_PER_SECOND, listener.received(), subscription.missed());
        } finally {
            publisher.stopAndJoin(Duration.ofSeconds(5));
            subscription.close();
        }

        // Swapped in place: same bundle, new version, and only v2's strategy is left.
        Bundle after = probeBundle().orElseThrow(() -> new AssertionError("hot-swap bundle gone"));
        assertEquals("bundle id of the hot-swap bundle", probeBundleId, after.getBundleId());
        assertEquals("2.0.0", after.getVersion().toString());
        assertEquals(Bundle.ACTIVE, after.getState());
        List<StrategyInfo> probes = strategies.strategies().stream()
                .filter(i -> i.role() == StrategyRole.TEST && i.name().equals(ProbeStrategy.NAME))
                .toList();
        assertEquals(probes.toString(), 1, probes.size());
        assertEquals("2.0.0", probes.get(0).version());
        assertTrue(probes.toString(), probes.get(0).active());

        // No restart: same framework instance, same JVM, same test bundle, same bus service.
        assertEquals("framework uuid", uuid, context.getProperty(Constants.FRAMEWORK_UUID));
        assertEquals(
                "JVM start time", jvmStart, ManagementFactory.getRuntimeMXBean().getStartTime());
        assertEquals(
                "test bundle id", ownBundle, FrameworkUtil.getBundle(getClass()).getBundleId());
        assertEquals(
                "SampleBus service id",
                busService,
                context.getServiceReference(SampleBus.class).getProperty(Constants.SERVICE_ID));
    }

    private Optional<String> activeTestVersion() {
        return strategies.active(StrategyRole.TEST, Strategy.class).map(Strategy::version);
    }

    /** Waits until the given version is the active TEST strategy; returns the version seen last. */
    private String awaitActiveVersion(String version, Duration timeout) throws InterruptedException {
        Waits.until(timeout, () -> activeTestVersion().filter(version::equals).isPresent());
        return activeTestVersion().orElse("none");
    }

    private Optional<Bundle> probeBundle() {
        return Arrays.stream(context.getBundles())
                .filter(b -> ProbeStrategyBundles.SYMBOLIC_NAME.equals(b.getSymbolicName()))
                .findFirst();
    }

    /**
     * Puts {@code source} at {@code target} in one step: a copy next to the Karaf data (same file system), then an
     * atomic rename, so FileInstall never reads a half-written jar and sees a changed file, not a new one.
     */
    private static void replace(Path target, Path source) throws IOException {
        Path tmp = Files.createTempFile(Paths.get(System.getProperty("karaf.data")), "hotswap-", ".tmp");
        Files.copy(source, tmp, StandardCopyOption.REPLACE_EXISTING);
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Checks that the samples of one point arrive exactly once and in publication order. */
    private static final class SequenceListener implements SampleListener {
        private final AtomicLong received = new AtomicLong();
        private final AtomicLong missed = new AtomicLong();
        private final AtomicLong outOfOrder = new AtomicLong();

        @Override
        public void onSamples(List<Sample> samples) {
            // One delivery thread per subscription: the expected value only moves here.
            for (Sample s : samples) {
                if (s.value() != received.get()) {
                    outOfOrder.incrementAndGet();
                }
                received.incrementAndGet();
            }
        }

        @Override
        public void onMissed(long count) {
            missed.addAndGet(count);
        }

        long received() {
            return received.get();
        }

        long missed() {
            return missed.get();
        }

        long outOfOrder() {
            return outOfOrder.get();
        }
    }

    /**
     * Publishes samples 0, 1, 2, … of one point at a steady rate, in batches of 10 ms, until stopped or until its
     * own bounds (a sample count and a duration) are reached.
     */
    private static final class Publisher {
        private static final long TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(10);

        private final SampleBus bus;
        private final PointId point;
        private final int ratePerSecond;
        private final long maxSamples;
        private final Duration maxDuration;
        private final Instant base = Instant.now();
        private final AtomicLong published = new AtomicLong();
        private final AtomicReference<Sample> last = new AtomicReference<>();
        private final AtomicReference<Throwable> failure = new AtomicReference<>();
        private final Thread thread = new Thread(this::run, "itest-publisher");
        private volatile boolean running = true;

        Publisher(SampleBus bus, PointId point, int ratePerSecond, long maxSamples, Duration maxDuration) {
            this.bus = bus;
            this.point = point;
            this.ratePerSecond = ratePerSecond;
            this.maxSamples = maxSamples;
            this.maxDuration = maxDuration;
            thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        private void run() {
            long start = System.nanoTime();
            long end = start + maxDuration.toNanos();
            long next = 0;
            try {
                while (running && next < maxSamples && System.nanoTime() - end < 0) {
                    long due = Math.min(
                            maxSamples, (System.nanoTime() - start) * ratePerSecond / TimeUnit.SECONDS.toNanos(1));
                    if (due > next) {
                        List<Sample> batch = new ArrayList<>((int) (due - next));
                        for (; next < due; next++) {
                            // Source time steps with the sequence, so the latest value is the last published.
                            Instant t = base.plusNanos(next * 1_000_000_000L / ratePerSecond);
                            batch.add(Sample.good(point, next, t));
                        }
                        bus.publish(batch);
                        last.set(batch.get(batch.size() - 1));
                        published.addAndGet(batch.size());
                    }
                    LockSupport.parkNanos(TICK_NANOS);
                }
            } catch (RuntimeException | Error e) {
                failure.set(e);
            }
        }

        void stopAndJoin(Duration timeout) throws InterruptedException {
            running = false;
            thread.join(timeout.toMillis());
            if (thread.isAlive()) {
                throw new AssertionError("publisher did not stop within " + timeout);
            }
        }

        long published() {
            return published.get();
        }

        Sample last() {
            return last.get();
        }

        Throwable failure() {
            return failure.get();
        }
    }
}
