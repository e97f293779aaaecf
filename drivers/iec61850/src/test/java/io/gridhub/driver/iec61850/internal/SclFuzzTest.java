package io.gridhub.driver.iec61850.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.beanit.openiec61850.ServerModel;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.gridhub.api.driver.ConnectionException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Timeout;

/**
 * An SCL/ICD file as the driver loads it ({@code SclFiles.load}, the {@code sclFile} setting): a
 * model, or a configuration {@link ConnectionException} with a message; never another exception, an error
 * (stack overflow, out of memory) or a hang. Seeds in {@code SclFuzzTestInputs/load}: the example pvbat.icd and a
 * minimal ICD.
 */
class SclFuzzTest {
    private static final Path FILE;

    static {
        try {
            FILE = Files.createTempFile("scl-fuzz", ".icd");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @AfterAll
    static void removeFile() throws IOException {
        Files.deleteIfExists(FILE);
    }

    @Timeout(10)
    @FuzzTest(maxDuration = "60m", maxExecutions = 10_000_000)
    void load(byte[] input) throws IOException {
        if (input.length > 64 * 1024) {
            return;
        }
        Files.write(FILE, input);
        ServerModel model;
        try {
            model = SclFiles.load(FILE.toString(), input.length % 2 == 0 ? "" : "pvbat");
        } catch (ConnectionException e) {
            assertThat(e.isConfiguration()).isTrue();
            assertThat(e.getMessage()).isNotBlank();
            return;
        }
        assertThat(model).isNotNull();
    }
}
