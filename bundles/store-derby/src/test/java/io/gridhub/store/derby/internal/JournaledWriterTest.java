package io.gridhub.store.derby.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridhub.api.model.PointId;
import io.gridhub.api.model.Quality;
import io.gridhub.api.model.Sample;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JournaledWriterTest {
    private static final PointId E = PointId.of("t.meter.e");
    private static final PointId P = PointId.of("t.meter.p");
    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");
    private static final Instant FAR = T0.plus(Duration.ofDays(1));

    @TempDir
    Path dir;

    private final Clock clock = Clock.fixed(FAR, ZoneOffset.UTC);
    private EmbeddedDataSource ds;
    private DerbyStore open;
    private volatile DerbyStore current;

    @BeforeEach
    void openStore() throws Exception {
        ds = DerbyStoreTest.dataSource(dir.resolve("db"));
        open = new DerbyStore(ds, clock);
    }

    @AfterEach
    void closeStore() {
        open.close();
        DerbyStoreTest.shutdown(ds);
    }

    private static List<Sample> meter(PointId p, int from, int n) {
        List<Sample> out = new ArrayList<>();
        for (int i = from; i < from + n; i++) {
            out.add(Sample.good(p, 1000.0 + i, T0.plusSeconds(i)));
        }
        return out;
    }

    private List<Sample> stored(PointId p) throws Exception {
        return open.range(p, T0, FAR);
    }

    private JournaledWriter writer(long maxBytes) throws Exception {
        return new JournaledWriter(() -> current, new SampleJournal(dir.resolve("journal"), maxBytes, 4096), clock);
    }

    @Test
    void whatTheBusCarriesWhileTheStoreOpensIsJournaledAndReplayedOnceItIsOpen() throws Exception {
        JournaledWriter w = writer(1 << 20);
        w.onSamples(meter(E, 0, 10));
        assertThat(w.replay()).isZero(); // not open yet: nothing to replay into
        assertThat(w.journaled()).isEqualTo(10);
        current = open;
        w.onSamples(meter(E, 10, 5)); // straight to the store
        assertThat(stored(E)).isEqualTo(meter(E, 10, 5));
        assertThat(w.replay()).isEqualTo(10);
        assertThat(stored(E)).isEqualTo(meter(E, 0, 15));
        assertThat(w.replay()).isZero();
        assertThat(w.lost()).isZero();
    }

    @Test
    void heldWritesGoToTheJournalAndAreReplayedWhenReleased() throws Exception {
        JournaledWriter w = writer(1 << 20);
        current = open;
        w.hold(true);
        w.onSamples(meter(E, 0, 4));
        assertThat(stored(E)).isEmpty();
        assertThat(w.replay()).isZero();
        w.hold(false);
        assertThat(w.replay()).isEqualTo(4);
        assertThat(stored(E)).isEqualTo(meter(E, 0, 4));
    }

    @Test
    void aReplayInterruptedByACrashDoesNotStoreTwice() throws Exception {
        JournaledWriter w = writer(1 << 20);
        w.onSamples(meter(E, 0, 100));
        // The crashed replay had committed the first 60 before the segment could be removed.
        open.append(meter(E, 0, 60));
        JournaledWriter afterRestart = writer(1 << 20);
        current = open;
        assertThat(afterRestart.replay()).isEqualTo(40);
        assertThat(stored(E)).isEqualTo(meter(E, 0, 100));
    }

    @Test
    void whatNeitherTheStoreNorAFullJournalTakesIsCountedPerPointAndMarkedAsAGap() throws Exception {
        int line = SampleJournal.line(meter(E, 0, 1).get(0)).length;
        JournaledWriter w = writer(3L * line);
        DerbyStore failing = new DerbyStore(ds, clock);
        failing.close(); // appends fail: "the store is closed"
        current = failing;
        w.onSamples(meter(E, 0, 3)); // journaled
        w.onSamples(meter(E, 3, 4)); // lost
        w.onSamples(meter(P, 0, 2)); // lost
        assertThat(w.lost()).isEqualTo(6);
        assertThat(w.unmarkedLosses())
                .containsEntry(E, new JournaledWriter.Lost(4, T0.plusSeconds(3), T0.plusSeconds(6)))
                .containsEntry(P, new JournaledWriter.Lost(2, T0, T0.plusSeconds(1)));
        current = open;
        assertThat(w.replay()).isEqualTo(3);
        assertThat(w.unmarkedLosses()).isEmpty();
        List<Sample> e = stored(E);
        assertThat(e.subList(0, 3)).isEqualTo(meter(E, 0, 3));
        Sample gap = e.get(3);
        assertThat(gap.sourceTime()).isEqualTo(T0.plusSeconds(3));
        assertThat(gap.quality().status()).isEqualTo(Quality.Status.INVALID);
        assertThat(gap.quality().reason()).isEqualTo(Quality.Reason.OVERFLOW);
        assertThat(gap.quality().detail()).startsWith("gap: 4 samples from " + T0.plusSeconds(3) + " to ");
        assertThat(e).hasSize(4);
        // Settlement reads good samples only: the lost interval has none.
        assertThat(open.aggregate(E, T0.plusSeconds(3), T0.plusSeconds(7), Duration.ofSeconds(4)))
                .isEmpty();
        assertThat(stored(P))
                .hasSize(1)
                .allSatisfy(s -> assertThat(s.quality().isGood()).isFalse());
    }
}
