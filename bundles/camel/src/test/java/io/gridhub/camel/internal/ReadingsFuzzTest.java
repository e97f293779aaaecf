package io.gridhub.camel.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Ingest bodies and files: a CSV file for a mapping, or a JSON push body, through {@link Readings}. Either a result
 * whose problems each name their line, or a {@link SourceParseException} with a message; nothing else (an
 * IOException cannot happen on an in-memory body). Input: byte 0 picks JSON (odd) or CSV (even) and, for CSV, the
 * delimiter the mapping declares (byte 1, a mapping that MappingFiles accepts); the rest is the body. Seeds in
 * {@code ReadingsFuzzTestInputs/read}.
 */
class ReadingsFuzzTest {
    private static final String MAPPING = """
            {"source": "meter7",
             "points": [{"address": "p1", "point": "t.m7.p1", "unit": "kW"},
                        {"address": "p2", "point": "t.m7.p2", "unit": "kWh"}],
             "file": {"pattern": "meter7-*.csv", "timeColumn": "time", "delimiter": %s}}
            """;
    private static final Path DIR;
    /** By delimiter: the mapping MappingFiles made of it, or empty when it refused it. */
    private static final Map<Character, Optional<SourceMapping>> MAPPINGS = new HashMap<>();

    static {
        try {
            DIR = Files.createTempDirectory("readings-fuzz");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @FuzzTest(maxDuration = "60m", maxExecutions = 10_000_000)
    void read(byte[] input) throws IOException {
        if (input.length < 2 || input.length > 16 * 1024) {
            return;
        }
        String body = new String(input, 2, input.length - 2, StandardCharsets.UTF_8);
        Readings.Result result;
        try {
            if ((input[0] & 1) == 1) {
                result = Readings.json(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)), "meter7");
            } else {
                SourceMapping mapping = mapping((char) (input[1] & 0x7F));
                if (mapping == null) {
                    return;
                }
                result = Readings.csv(new StringReader(body), mapping);
            }
        } catch (SourceParseException e) {
            assertThat(e.getMessage()).isNotBlank();
            assertThat(e.problems()).allSatisfy(p -> assertThat(p).startsWith("line "));
            return;
        }
        assertThat(result.readings()).hasSameSizeAs(result.raw());
        assertThat(result.problems()).allSatisfy(p -> assertThat(p).startsWith("line "));
    }

    /** The mapping with this delimiter, when MappingFiles accepts it (as the hub would load it). */
    private static SourceMapping mapping(char delimiter) throws IOException {
        Optional<SourceMapping> known = MAPPINGS.get(delimiter);
        if (known != null) {
            return known.orElse(null);
        }
        Path f = DIR.resolve("meter7.json");
        Files.writeString(f, MAPPING.formatted(MappingFiles.JSON.writeValueAsString(String.valueOf(delimiter))));
        SourceMapping m;
        try {
            m = MappingFiles.parse(f);
        } catch (MappingFiles.MappingException e) {
            m = null;
        }
        MAPPINGS.put(delimiter, Optional.ofNullable(m));
        return m;
    }
}
