package io.gridhub.itests.hotswap;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import org.ops4j.pax.tinybundles.core.InnerClassStrategy;
import org.ops4j.pax.tinybundles.core.TinyBundles;
import org.osgi.framework.Constants;

/**
 * Builds the hot-swap test bundle with tinybundles. Runs on the Maven side (from {@code @Configuration}), never in
 * the container, which has no tinybundles. The classic builder writes exactly the headers below; bnd is not needed
 * for two classes, and tinybundles 3.0.0's bndlib (3.5) predates Java 17 class files.
 */
public final class ProbeStrategyBundles {
    public static final String SYMBOLIC_NAME = "io.gridhub.itests.hotswap-probe";

    private ProbeStrategyBundles() {}

    /** Writes {@code hotswap-probe-<version>.jar} into {@code dir} and returns its path. */
    public static Path write(Path dir, String version) throws IOException {
        Files.createDirectories(dir);
        Path jar = dir.resolve("hotswap-probe-" + version + ".jar");
        try (InputStream in = TinyBundles.bundle()
                .add(ProbeStrategy.class, InnerClassStrategy.NONE)
                .add(ProbeStrategyActivator.class, InnerClassStrategy.NONE)
                .set(Constants.BUNDLE_MANIFESTVERSION, "2")
                .set(Constants.BUNDLE_SYMBOLICNAME, SYMBOLIC_NAME)
                .set(Constants.BUNDLE_VERSION, version)
                .set(Constants.BUNDLE_ACTIVATOR, ProbeStrategyActivator.class.getName())
                // Strategy is a consumer type: implementers take the major range of the api package (bnd's rule).
                .set(
                        Constants.IMPORT_PACKAGE,
                        "io.gridhub.api.strategy;version=\"[0.1,1)\",org.osgi.framework;version=\"[1.8,2)\"")
                .build(TinyBundles.withClassicBuilder())) {
            Files.copy(in, jar, StandardCopyOption.REPLACE_EXISTING);
        }
        return jar;
    }
}
