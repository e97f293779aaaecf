package io.gridhub.camel.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;

/**
 * A mapping file ({@code config/…/mappings/*.json}) as {@link MappingFiles#parse} reads it: a mapping with a
 * source and points, or a {@link MappingFiles.MappingException} naming the file; nothing else. Seeds in
 * {@code MappingFileFuzzTestInputs/parse}: the demo mappings.
 */
class MappingFileFuzzTest {
    private static final Path DIR;
    private static final Path FILE;

    static {
        try {
            DIR = Files.createTempDirectory("mapping-fuzz");
            FILE = DIR.resolve("fuzz.json");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void removeFiles() throws IOException {
        Files.deleteIfExists(FILE);
        Files.deleteIfExists(DIR);
    }

    @FuzzTest(maxDuration = "60m", maxExecutions = 10_000_000)
    void parse(byte[] input) throws IOException {
        if (input.length > 16 * 1024) {
            return;
        }
        Files.write(FILE, input);
        SourceMapping m;
        try {
            m = MappingFiles.parse(FILE);
        } catch (MappingFiles.MappingException e) {
            assertThat(e.getMessage()).startsWith("mapping file " + FILE);
            return;
        }
        assertThat(m.source()).isNotBlank();
        assertThat(m.points()).isNotNull();
    }
}
