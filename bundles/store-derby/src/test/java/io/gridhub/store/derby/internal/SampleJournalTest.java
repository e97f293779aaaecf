package io.gridhub.store.derby.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridhub.api.model.PointId;
import io.gridhub.api.model.Quality;
import io.gridhub.api.model.Sample;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SampleJournalTest {
    private static final PointId P = PointId.of("t.meter.e");
    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00.123456789Z");

    @TempDir
    Path dir;

    private static List<Sample> samples(int n) {
        List<Sample> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(Sample.good(P, 1000.1 + i, T0.plusMillis(i)));
        }
        return out;
    }

    @Test
    void samplesComeBackExactlyAfterTheJournalIsOpenedAgain() throws Exception {
        SampleJournal j = new SampleJournal(dir, 1 << 20, 1 << 20);
        Sample odd = new Sample(
                PointId.of("t.dev.status"),
                Double.NaN,
                Quality.invalid(Quality.Reason.COMMUNICATION_FAILURE, "timeout\tafter\n3 s"),
                T0,
                T0.plusSeconds(1));
        List<Sample> written = new ArrayList<>(samples(3));
        written.add(odd);
        assertThat(j.append(written)).isEmpty();
        assertThat(j.isEmpty()).isFalse();
        // Another process (a restart after kill -9): the segments left are read back, the detail's tab and newline
        // are spaces.
        SampleJournal again = new SampleJournal(dir, 1 << 20, 1 << 20);
        List<Path> segments = again.seal();
        assertThat(segments).hasSize(1);
        List<Sample> read = SampleJournal.read(segments.get(0));
        assertThat(read.subList(0, 3)).isEqualTo(samples(3));
        assertThat(read.get(3).quality().detail()).isEqualTo("timeout after 3 s");
        assertThat(read.get(3).value()).isNaN();
        assertThat(read.get(3).receivedTime()).isEqualTo(T0.plusSeconds(1));
        assertThat(again.bytes()).isEqualTo(Files.size(segments.get(0)));
        again.remove(segments.get(0));
        assertThat(again.isEmpty()).isTrue();
    }

    @Test
    void aTornOrDamagedLineIsSkippedAndTheRestRead() throws Exception {
        SampleJournal j = new SampleJournal(dir, 1 << 20, 1 << 20);
        j.append(samples(2));
        Path segment = j.seal().get(0);
        String text = Files.readString(segment);
        // The second line's value changed on disk, and half a line torn at the end.
        String damaged = text.replace("\t1001.1\t", "\t1001.2\t");
        byte[] third = SampleJournal.line(Sample.good(P, 5, T0.plusSeconds(5)));
        Files.writeString(segment, damaged, StandardCharsets.UTF_8);
        Files.write(segment, Arrays.copyOf(third, third.length / 2), StandardOpenOption.APPEND);
        assertThat(SampleJournal.read(segment)).containsExactly(samples(1).get(0));
    }

    @Test
    void theBoundRefusesWhatDoesNotFitAndSegmentsRoll() throws Exception {
        int line = SampleJournal.line(samples(1).get(0)).length;
        SampleJournal j = new SampleJournal(dir, 10L * line, 3L * line);
        List<Sample> refused = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            refused.addAll(j.append(samples(4)));
        }
        assertThat(refused).hasSize(6);
        assertThat(j.bytes()).isLessThanOrEqualTo(10L * line);
        List<Path> segments = j.seal();
        assertThat(segments).hasSizeGreaterThan(1);
        long n = 0;
        for (Path s : segments) {
            n += SampleJournal.read(s).size();
        }
        assertThat(n).isEqualTo(10);
        // New appends go to a new segment, not one being replayed.
        j.remove(segments.get(0));
        j.append(samples(1));
        assertThat(j.seal()).doesNotContain(segments.get(0)).hasSize(segments.size());
    }
}
