package io.gridhub.platform.derby;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.Attributes;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;

/** Checks the bundle content bnd wrote to target/classes (runs after bnd-process, before packaging). */
class DerbyBundleContentTest {
    private static final Path CLASSES = Path.of("target/classes");

    @Test
    void engineSharedAndToolsClassesShareOneBundle() {
        // Derby's data source (derbytools) loads the engine (derby) by name, and both need derbyshared.
        assertThat(CLASSES.resolve("org/apache/derby/jdbc/EmbeddedDataSource.class"))
                .exists();
        assertThat(CLASSES.resolve("org/apache/derby/iapi/jdbc/AutoloadedDriver.class"))
                .exists();
        assertThat(CLASSES.resolve("org/apache/derby/shared/common/error/StandardException.class"))
                .exists();
        assertThat(CLASSES.resolve("org/apache/derby/modules.properties")).exists();
        assertThat(CLASSES.resolve("module-info.class")).doesNotExist();
    }

    @Test
    void exportsThePublicApiAtTheDerbyVersionOnly() throws IOException {
        Attributes main;
        try (InputStream in = Files.newInputStream(CLASSES.resolve("META-INF/MANIFEST.MF"))) {
            main = new Manifest(in).getMainAttributes();
        }
        String exports = main.getValue("Export-Package");
        assertThat(exports).containsPattern("(^|,)org\\.apache\\.derby\\.jdbc;[^,]*version=\"10\\.16\\.1\\.1\"");
        assertThat(exports).doesNotContain("org.apache.derby.iapi").doesNotContain("org.apache.derby.impl");
        assertThat(main.getValue("Bundle-Activator")).isEqualTo("org.apache.derby.osgi.EmbeddedActivator");
    }
}
