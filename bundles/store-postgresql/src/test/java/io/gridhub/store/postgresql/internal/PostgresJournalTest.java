package io.gridhub.store.postgresql.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.zaxxer.hikari.HikariDataSource;
import io.gridhub.api.model.PointId;
import io.gridhub.api.model.Sample;
import io.gridhub.store.derby.internal.JournaledWriter;
import io.gridhub.store.derby.internal.SampleJournal;
import io.gridhub.testkit.PostgresServer;
import io.gridhub.testkit.Waits;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The journal on the PostgreSQL store (issue 24/25), on a server of the test's own that it stops and starts again:
 * what the bus delivers while the server is away is journaled (on disk when the listener returns, nothing lost) and
 * lands in the database, once, when the server is back.
 */
class PostgresJournalTest {
    private static final PointId P = PointId.of("t.meter.energy");
    private static final Instant T0 = Instant.parse("2026-12-07T00:00:00Z");

    @TempDir
    Path dir;

    private static List<Sample> samples(int from, int to) {
        List<Sample> out = new ArrayList<>();
        for (int i = from; i < to; i++) {
            out.add(Sample.good(P, 1000 + i, T0.plusSeconds(i)));
        }
        return out;
    }

    @Test
    void samplesTakenWhileTheServerIsStoppedAreJournaledAndLandAfterItRestarts() throws Exception {
        Optional<PostgresServer> started = PostgresServer.startPrivate();
        assumeTrue(started.isPresent(), "PostgreSQL is not installed");
        try (PostgresServer server = started.get();
                HikariDataSource pool =
                        Databases.pool(server.url(server.createDatabase()), PostgresServer.USER, "", "gridhub", 2);
                PostgresStore store = new PostgresStore(pool, "gridhub", Timescale.Mode.OFF, Duration.ofDays(7))) {
            SampleJournal journal = SampleJournal.open(dir.resolve("journal").toString(), "unused", 16);
            JournaledWriter writer = new JournaledWriter(() -> store, journal, Clock.systemUTC());

            writer.onSamples(samples(0, 100));
            assertThat(writer.journaled()).isZero();

            server.stop();
            writer.onSamples(samples(100, 250));
            writer.onSamples(samples(250, 300));
            // Acknowledged: on disk in the journal when onSamples returned, none lost.
            assertThat(writer.journaled()).isEqualTo(200);
            assertThat(writer.lost()).isZero();
            assertThat(journal.isEmpty()).isFalse();
            assertThat(writer.replay()).isZero(); // the server is away: the journal stays

            server.startAgain();
            // The pool finds the server again within its connection timeout; a replay that meets a dead connection
            // tries again on the next call.
            long[] replayed = {0};
            Waits.until(
                    Duration.ofSeconds(60),
                    () -> (replayed[0] += writer.replay()) == 200,
                    "the journal replayed into the restarted server");
            assertThat(journal.isEmpty()).isTrue();
            assertThat(store.range(P, T0, T0.plusSeconds(300))).containsExactlyElementsOf(samples(0, 300));

            writer.onSamples(samples(300, 310)); // stored directly again
            assertThat(writer.journaled()).isEqualTo(200);
            assertThat(store.range(P, T0, T0.plusSeconds(400))).hasSize(310);
            writer.close();
        }
    }
}
