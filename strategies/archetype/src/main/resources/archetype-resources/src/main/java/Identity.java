package ${package};

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The strategy's name and version, from strategy.properties (the build fills in the project's version). */
record Identity(String name, String version) {
    static Identity load() {
        Properties p = new Properties();
        try (InputStream in = Identity.class.getResourceAsStream("strategy.properties")) {
            if (in == null) {
                throw new IllegalStateException("strategy.properties is missing from the bundle");
            }
            p.load(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Identity(p.getProperty("strategy.name"), p.getProperty("strategy.version"));
    }
}
