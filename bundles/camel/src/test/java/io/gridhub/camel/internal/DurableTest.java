package io.gridhub.camel.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DurableTest {
    @TempDir
    Path dir;

    @Test
    void appendAddsLinesAndReplaceSwapsTheWholeFileWithoutLeavingItsTemporary() throws Exception {
        Path file = dir.resolve("sub/quarantine.jsonl");
        Durable.append(file, List.of("a", "b"));
        Durable.append(file, List.of("c"));
        assertThat(Files.readAllLines(file)).containsExactly("a", "b", "c");
        Durable.replace(file, List.of("x"));
        assertThat(Files.readAllLines(file)).containsExactly("x");
        try (var files = Files.list(file.getParent())) {
            assertThat(files).containsExactly(file);
        }
    }

    @Test
    void theInboxRecordKeepsATakenFileForTheNextStart() throws Exception {
        Path record = dir.resolve("inbox-taken.txt");
        SyncedFileRepository first = new SyncedFileRepository(record.toFile(), 100);
        first.start();
        assertThat(first.add("meter-2026-01-01.csv-1234")).isTrue();
        assertThat(first.add("meter-2026-01-01.csv-1234")).isFalse();
        assertThat(Files.readString(record)).contains("meter-2026-01-01.csv-1234");
        // No stop: the hub was killed. The next start reads the record.
        SyncedFileRepository again = new SyncedFileRepository(record.toFile(), 100);
        again.start();
        assertThat(again.contains("meter-2026-01-01.csv-1234")).isTrue();
        again.stop();
        first.stop();
    }
}
