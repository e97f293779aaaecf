package io.gridhub.allocation.internal.data;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Timeout;

/**
 * A meter CSV as settlement requests and files bring it ({@link MeterCsv#read}, default limits): a table, or an
 * {@link InputException} naming the source; never another exception, an OutOfMemoryError or a hang (issue 15: a
 * 156-byte sparse CSV made the hub run out of memory; that input and its variants are seeds). Seeds in
 * {@code MeterCsvFuzzTestInputs/read}.
 */
class MeterCsvFuzzTest {
    @Timeout(10)
    @FuzzTest(maxDuration = "60m", maxExecutions = 10_000_000)
    void read(byte[] input) {
        if (input.length > 16 * 1024) {
            return;
        }
        String csv = new String(input, StandardCharsets.UTF_8);
        List<String> notes = new ArrayList<>();
        MeterTable table;
        try {
            table = MeterCsv.read("meters.csv", new StringReader(csv), Set.of(), notes);
        } catch (InputException e) {
            assertThat(e.getMessage()).startsWith("meters.csv");
            return;
        }
        assertThat(table).isNotNull();
        assertThat(notes).doesNotContainNull();
    }
}
