package io.gridhub.platform.camel.services;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * camel-core-osgi's extender loads every descriptor's class through this bundle, so each class's
 * package must be imported; bnd cannot see them (there are no classes here).
 */
class ServiceDescriptorsTest {
    private static final Path CLASSES = Path.of("target/classes");
    private static final Path SERVICES = CLASSES.resolve("META-INF/services/org/apache/camel");

    @Test
    void importsThePackageOfEveryDescribedClass() throws IOException {
        Set<String> imports = importedPackages();
        Set<String> needed = new TreeSet<>(Set.of("org.apache.camel", "org.apache.camel.spi"));
        for (String dir : new String[] {"component", "language", "dataformat"}) {
            if (Files.isDirectory(SERVICES.resolve(dir))) {
                try (Stream<Path> files = Files.list(SERVICES.resolve(dir))) {
                    for (Path f : (Iterable<Path>) files::iterator) {
                        needed.add(packageOf(classOf(f)));
                    }
                }
            }
        }
        Files.readString(SERVICES.resolve("TypeConverterLoader"))
                .lines()
                .map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .forEach(c -> needed.add(packageOf(c)));
        assertThat(imports).containsAll(needed);
        assertThat(SERVICES.resolve("component/timer")).exists();
        assertThat(SERVICES.resolve("language/simple")).exists();
    }

    private static String classOf(Path descriptor) throws IOException {
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(descriptor)) {
            p.load(in);
        }
        return p.getProperty("class");
    }

    private static String packageOf(String className) {
        return className.substring(0, className.lastIndexOf('.'));
    }

    private static Set<String> importedPackages() throws IOException {
        Manifest mf;
        try (InputStream in = Files.newInputStream(CLASSES.resolve("META-INF/MANIFEST.MF"))) {
            mf = new Manifest(in);
        }
        Set<String> out = new TreeSet<>();
        // Clauses are "pkg;attr=...,pkg2;..."; quoted version ranges contain commas.
        Matcher m = Pattern.compile("(?:^|,)([\\w.]+)(?:;(?:[^,\"]|\"[^\"]*\")*)?")
                .matcher(mf.getMainAttributes().getValue("Import-Package"));
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }
}
