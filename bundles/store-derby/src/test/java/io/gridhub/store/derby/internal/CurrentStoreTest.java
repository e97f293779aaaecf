package io.gridhub.store.derby.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridhub.api.model.PointId;
import io.gridhub.api.model.Quality;
import io.gridhub.api.model.Sample;
import io.gridhub.api.store.QualityGap;
import io.gridhub.api.store.TimeSeriesStore;
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

/** The registered service passes every call to the Derby store of the moment, none to the api's defaults. */
class CurrentStoreTest {
    private static final PointId A = PointId.of("t.m1.p");
    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00Z");

    @TempDir
    Path dir;

    private EmbeddedDataSource ds;
    private DerbyStore derby;
    private TimeSeriesStore store;

    @BeforeEach
    void open() throws Exception {
        ds = DerbyStoreTest.dataSource(dir.resolve("db"));
        derby = new DerbyStore(ds, Clock.fixed(T0.plus(Duration.ofDays(1)), ZoneOffset.UTC));
        store = new CurrentStore(() -> derby);
    }

    @AfterEach
    void close() {
        derby.close();
        DerbyStoreTest.shutdown(ds);
    }

    @Test
    void erasingAMembersDataReachesTheDerbyStore() throws Exception {
        // The service lost erase when it became a facade over the reopening store: DELETE /members/{m}/data failed.
        List<Sample> a = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            a.add(Sample.good(A, i, T0.plusSeconds(i)));
        }
        store.append(a);

        assertThat(store.erase(A)).isEqualTo(100);
        assertThat(store.range(A, T0, T0.plusSeconds(100))).isEmpty();
    }

    @Test
    void bucketsAndGapsAreTheDerbyStoresOneRead() throws Exception {
        Quality lost = Quality.invalid(Quality.Reason.COMMUNICATION_FAILURE, "connection lost");
        List<Sample> a = new ArrayList<>();
        for (int i = 0; i < 3 * 3600; i++) {
            Instant t = T0.plusSeconds(i);
            a.add(i >= 600 && i < 1200 ? new Sample(A, Double.NaN, lost, t, t) : Sample.good(A, i, t));
        }
        store.append(a);
        Instant to = T0.plus(Duration.ofHours(3));
        QualityGap gap = new QualityGap(A, T0.plusSeconds(600), T0.plusSeconds(1200), lost, false);

        // Three hour windows of one block each. The api's defaults would decode 3 blocks for the aggregate and 4 for
        // the gaps (pages of 10,000 samples: the third window twice).
        long before = derby.blocksRead();
        assertThat(store.bucketsAndGaps(A, T0, to, Duration.ofMinutes(15)).gaps())
                .containsExactly(gap);
        assertThat(derby.blocksRead() - before).as("each block decoded once").isEqualTo(3);
        assertThat(store.gaps(A, T0, to)).containsExactly(gap);
        assertThat(derby.blocksRead() - before)
                .as("gaps in one read, not in pages of samples")
                .isEqualTo(6);
    }
}
