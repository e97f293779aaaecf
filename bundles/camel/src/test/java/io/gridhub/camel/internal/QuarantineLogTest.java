package io.gridhub.camel.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.gridhub.api.ingest.QuarantineEntry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class QuarantineLogTest {
    private static final Instant T = Instant.parse("2026-11-23T12:00:00Z");

    @TempDir
    Path dir;

    private static List<QuarantineEntry> entries(int from, int count) {
        List<QuarantineEntry> l = new ArrayList<>();
        for (int i = from; i < from + count; i++) {
            l.add(new QuarantineEntry(T.plusSeconds(i), "dev", "a" + i, Integer.toString(i), null, "reason " + i));
        }
        return l;
    }

    @Test
    void entriesAndTheTotalSurviveANewInstanceOnTheSameFile() {
        Path file = dir.resolve("q/quarantine.jsonl");
        new QuarantineLog(10, file).addAll(entries(0, 3));
        QuarantineLog again = new QuarantineLog(10, file);
        assertThat(again.total()).isEqualTo(3);
        assertThat(again.recent(10)).extracting(QuarantineEntry::address).containsExactly("a2", "a1", "a0");
        assertThat(again.recent(10).get(0)).isEqualTo(entries(2, 1).get(0));
    }

    @Test
    void theFileStaysBoundedAndKeepsTheNewest() throws Exception {
        Path file = dir.resolve("quarantine.jsonl");
        QuarantineLog log = new QuarantineLog(5, file);
        for (int i = 0; i < 23; i++) {
            log.addAll(entries(i, 1));
            assertThat(Files.readAllLines(file))
                    .as("at most twice the capacity")
                    .hasSizeLessThanOrEqualTo(10);
        }
        QuarantineLog again = new QuarantineLog(5, file);
        assertThat(again.total()).isEqualTo(23);
        assertThat(again.recent(100))
                .extracting(QuarantineEntry::address)
                .containsExactly("a22", "a21", "a20", "a19", "a18");
    }

    @Test
    void aLineCutByACrashIsSkippedAndTheRestKept() throws Exception {
        Path file = dir.resolve("quarantine.jsonl");
        new QuarantineLog(10, file).addAll(entries(0, 2));
        Files.writeString(file, "{\"n\":3,\"received\":\"2026-11-23T12:0", StandardOpenOption.APPEND);
        QuarantineLog again = new QuarantineLog(10, file);
        assertThat(again.recent(10)).extracting(QuarantineEntry::address).containsExactly("a1", "a0");
        again.addAll(entries(5, 1));
        assertThat(new QuarantineLog(10, file).recent(10))
                .extracting(QuarantineEntry::address)
                .containsExactly("a5", "a1", "a0");
    }

    @Test
    void aHugeRawInputIsCutSoOneEntryCannotBloatTheFile() {
        QuarantineLog log = new QuarantineLog(10, dir.resolve("quarantine.jsonl"));
        String row = "x".repeat(1_000_000);
        log.addAll(List.of(new QuarantineEntry(T, "csv", "", row, null, "bad row")));
        assertThat(log.recent(1).get(0).raw())
                .hasSizeLessThan(QuarantineLog.MAX_TEXT + 50)
                .endsWith("(998000 more chars)");
    }
}
