package io.gridhub.platform.camel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.Manifest;
import org.junit.jupiter.api.Test;

/** Checks the bundle content bnd wrote to target/classes (runs after bnd-process, before packaging). */
class CamelBundleContentTest {
    private static final Path CLASSES = Path.of("target/classes");
    private static final String LOADERS = "META-INF/services/org/apache/camel/TypeConverterLoader";

    @Test
    void mergedTypeConverterLoaderListsEveryLoaderOfTheMergedJars() throws IOException {
        Set<String> fromJars = new TreeSet<>();
        for (URL url : Collections.list(getClass().getClassLoader().getResources(LOADERS))) {
            if (url.getProtocol().equals("jar")) { // the plain Camel jars on the test class path
                try (InputStream in = url.openStream()) {
                    fromJars.addAll(entries(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
                }
            }
        }
        assertThat(fromJars).hasSize(3);
        assertThat(entries(Files.readString(CLASSES.resolve(LOADERS)))).isEqualTo(fromJars);
    }

    @Test
    void componentAndLanguageDescriptorsAreLeftToTheServicesBundle() {
        Path services = CLASSES.resolve("META-INF/services/org/apache/camel");
        assertThat(services.resolve("component")).doesNotExist();
        assertThat(services.resolve("language")).doesNotExist();
        assertThat(services.resolve("configurer/timer-component")).exists();
        assertThat(CLASSES.resolve("org/apache/camel/component/timer/TimerComponent.class"))
                .exists();
    }

    @Test
    void exportsCamelPackagesAtTheCamelVersion() throws IOException {
        Manifest mf;
        try (InputStream in = Files.newInputStream(CLASSES.resolve("META-INF/MANIFEST.MF"))) {
            mf = new Manifest(in);
        }
        String exports = mf.getMainAttributes().getValue("Export-Package");
        // camel-core-osgi imports these with version="[4.14,4.15)".
        for (String pkg : new String[] {
            "org.apache.camel",
            "org.apache.camel.spi",
            "org.apache.camel.impl.engine",
            "org.apache.camel.model",
            "org.apache.camel.support.service"
        }) {
            assertThat(exports).containsPattern("(^|,)" + pkg.replace(".", "\\.") + ";[^,]*version=\"4\\.14\\.5\"");
        }
    }

    private static Set<String> entries(String file) {
        Set<String> out = new TreeSet<>();
        file.lines()
                .map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .forEach(out::add);
        return out;
    }
}
