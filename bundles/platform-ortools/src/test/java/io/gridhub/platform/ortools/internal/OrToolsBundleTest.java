package io.gridhub.platform.ortools.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;

/** Checks the bundle content bnd wrote to target/classes (after bnd-process, before packaging). */
class OrToolsBundleTest {
    private static final Path CLASSES = Path.of("target/classes");

    @Test
    void embedsTheJavaApiAndTheLinuxNatives() {
        assertThat(CLASSES.resolve("com/google/ortools/linearsolver/MPSolver.class"))
                .exists();
        assertThat(CLASSES.resolve("ortools-linux-x86-64/libjniortools.so")).exists();
        assertThat(CLASSES.resolve("ortools-linux-x86-64/libortools.so.9")).exists();
    }

    @Test
    void exportsOnlyOrToolsPackagesAtItsVersion() throws IOException {
        Attributes main;
        try (InputStream in = Files.newInputStream(CLASSES.resolve("META-INF/MANIFEST.MF"))) {
            main = new Manifest(in).getMainAttributes();
        }
        String exports = main.getValue("Export-Package");
        assertThat(exports)
                .containsPattern("(^|,)com\\.google\\.ortools\\.linearsolver;[^,]*version=\"9\\.15\\.6755\"");
        assertThat(exports).doesNotContain("io.gridhub");
        assertThat(main.getValue("Import-Package")).contains("com.google.protobuf;version=\"[4.33,5)\"");
        assertThat(main.getValue("Service-Component")).contains("OrToolsRuntime");
    }

    @Test
    void refusesASecondOrToolsVersionInTheSameJvm() {
        String before = System.getProperty(OrToolsRuntime.LOADED_PROPERTY);
        System.setProperty(OrToolsRuntime.LOADED_PROPERTY, "9.14.6206@12");
        try {
            assertThatThrownBy(() -> new OrToolsRuntime(null, Path.of("target/native")).ensureLoaded())
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessage("OR-Tools 9.14.6206 is already loaded in this JVM; restart the hub to use OR-Tools "
                            + "9.15.6755");
        } finally {
            if (before == null) {
                System.clearProperty(OrToolsRuntime.LOADED_PROPERTY);
            } else {
                System.setProperty(OrToolsRuntime.LOADED_PROPERTY, before);
            }
        }
    }
}
