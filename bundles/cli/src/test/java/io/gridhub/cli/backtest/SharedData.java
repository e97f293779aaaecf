package io.gridhub.cli.backtest;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.gridhub.testkit.Prerequisites;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A file of the shared data folder, which the repository does not ship: {@code -Dgridhub.data=DIR}, which the module's
 * pom sets to {@code ../shared/data} beside the checkout. Missing: the test is skipped loudly, in CI too (no install
 * can give the data; {@link Prerequisites#ofTheMachine}).
 */
final class SharedData {
    private SharedData() {}

    static Path require(String name) {
        String dir = System.getProperty("gridhub.data", "");
        Path file = Path.of(dir.isBlank() ? "." : dir, name);
        assumeTrue(
                Prerequisites.ofTheMachine(
                        Files.isRegularFile(file),
                        file.toAbsolutePath().normalize().toString(),
                        "the shared data folder beside the checkout, or -Dgridhub.data=DIR"),
                "skipped: " + file + " not found");
        return file;
    }
}
