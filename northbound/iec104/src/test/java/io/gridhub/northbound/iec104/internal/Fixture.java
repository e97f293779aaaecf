package io.gridhub.northbound.iec104.internal;

import io.gridhub.api.driver.Connection;
import io.gridhub.api.driver.ConnectionException;
import io.gridhub.api.driver.DeviceContext;
import io.gridhub.api.driver.PointWriter;
import io.gridhub.api.model.PointId;
import io.gridhub.api.model.Quality;
import io.gridhub.api.model.Sample;
import io.gridhub.driver.iec104.Iec104Address;
import io.gridhub.driver.iec104.Iec104Driver;
import io.gridhub.driver.iec104.Iec104Settings;
import io.gridhub.testkit.FakeBus;
import io.gridhub.testkit.Ports;
import io.gridhub.testkit.RecordingAuditTrail;
import io.gridhub.testkit.Settings;
import io.gridhub.testkit.SteppingClock;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * An outstation on a free loopback port with the hub's latest values in memory, a recording point writer (its answer
 * settable, or no writer at all) and an audit sink.
 */
final class Fixture implements AutoCloseable {
    final int port = Ports.free();
    /** The latest values the outstation serves: tests {@code put} them. */
    final FakeBus latest = new FakeBus();
    /** The values written through the point writer. */
    final List<Sample> setpoints = new CopyOnWriteArrayList<>();

    final List<String> audit = new CopyOnWriteArrayList<>();
    /** What the writer answers; null: no writer (no driver host). */
    volatile Function<PointId, CompletableFuture<Quality>> writeAnswer =
            p -> CompletableFuture.completedFuture(Quality.GOOD);

    final Outstation outstation;
    /** The hub's audit trail as the outstation sees it; {@code trail.refuse} makes it refuse, null: none runs. */
    volatile RecordingAuditTrail trail = new RecordingAuditTrail();
    /** The outstation's clock: tests step it (select timeouts). */
    final SteppingClock clock = SteppingClock.offsetFromSystem();

    Fixture(IoaMap map, Set<String> allowed, Set<String> commanders, double deadband, int k, int w) throws IOException {
        this(map, allowed, commanders, deadband, k, w, null);
    }

    /** @param writer the writer to use instead of the recording one */
    Fixture(IoaMap map, Set<String> allowed, Set<String> commanders, double deadband, int k, int w, PointWriter writer)
            throws IOException {
        this(map, allowed, commanders, deadband, k, w, writer, "127.0.0.1");
    }

    /** @param bindAddress the outstation's bind address (empty: the default) */
    Fixture(
            IoaMap map,
            Set<String> allowed,
            Set<String> commanders,
            double deadband,
            int k,
            int w,
            PointWriter writer,
            String bindAddress)
            throws IOException {
        this(
                map,
                allowed,
                commanders,
                deadband,
                k,
                w,
                writer,
                bindAddress,
                8,
                Outstation.Config.DEFAULT_STARTDT_TIMEOUT_MILLIS);
    }

    /**
     * @param maxConnections       connections open at once
     * @param startDtTimeoutMillis how long a connection may stay without STARTDT
     */
    Fixture(IoaMap map, Set<String> allowed, int maxConnections, int startDtTimeoutMillis) throws IOException {
        this(map, allowed, Set.of(), 0, 12, 8, null, "127.0.0.1", maxConnections, startDtTimeoutMillis);
    }

    private Fixture(
            IoaMap map,
            Set<String> allowed,
            Set<String> commanders,
            double deadband,
            int k,
            int w,
            PointWriter writer,
            String bindAddress,
            int maxConnections,
            int startDtTimeoutMillis)
            throws IOException {
        PointWriter recording = (p, v) -> {
            setpoints.add(Sample.good(p, v, Instant.now()));
            return writeAnswer.apply(p);
        };
        outstation = new Outstation(
                Outstation.Config.builder()
                        .listen(bindAddress, port)
                        .masters(allowed, commanders)
                        .deadband(deadband)
                        .window(k, w)
                        .maxConnections(maxConnections)
                        .writeTimeoutMillis(2000)
                        .startDtTimeoutMillis(startDtTimeoutMillis)
                        .build(),
                map,
                latest::latest,
                () -> writer != null ? writer : writeAnswer == null ? null : recording,
                audit::add,
                () -> trail,
                clock);
        outstation.start();
    }

    Connection<Iec104Address> client(Object... keyValues) throws ConnectionException {
        Map<String, Object> m =
                Settings.map("host", "127.0.0.1", "port", port, "timeoutMillis", 3000, "t0Millis", 3000);
        m.putAll(Settings.map(keyValues));
        return new Iec104Driver()
                .connect(Settings.of(Iec104Settings.class, m), DeviceContext.of("test", Clock.systemUTC()));
    }

    @Override
    public void close() {
        outstation.close();
    }
}
