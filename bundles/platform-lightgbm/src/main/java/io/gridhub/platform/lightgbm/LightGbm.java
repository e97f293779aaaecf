package io.gridhub.platform.lightgbm;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Locale;

/**
 * Extracts LightGBM's two native libraries once to a folder and loads them in dependency order. Inside Karaf the
 * folder is {@code ${karaf.data}/native/lightgbm-<version>/}; elsewhere (tests, the CLI) it is under
 * {@code java.io.tmpdir}. The natives are read from this class's own class loader: the bundle embeds them, and
 * outside OSGi they come from the lightgbmlib jar at the same path. Loading is lazy (first use), so it costs
 * nothing at hub start.
 */
public final class LightGbm {
    /** The embedded LightGBM version. */
    public static final String VERSION = "3.3.510";

    private static final List<String> LIBRARIES = List.of("lib_lightgbm", "lib_lightgbm_swig");

    private static boolean loaded;
    private static RuntimeException failure;

    private LightGbm() {}

    /**
     * Loads the natives if this JVM has not yet; idempotent and thread-safe.
     *
     * @throws IllegalStateException with the reason (platform not supported, libgomp missing, …); the same
     *                               failure is thrown again on later calls, because a half-loaded library cannot
     *                               be retried in one JVM
     */
    public static synchronized void ensureLoaded() {
        if (loaded) {
            return;
        }
        if (failure != null) {
            throw failure;
        }
        try {
            String platform = platform();
            Path dir = folder();
            Files.createDirectories(dir);
            for (String lib : LIBRARIES) {
                String file = lib + suffix();
                Path target = extract("/com/microsoft/ml/lightgbm/" + platform + "/" + file, dir.resolve(file));
                System.load(target.toString());
            }
            loaded = true;
        } catch (UnsatisfiedLinkError e) {
            failure = new IllegalStateException(
                    "cannot load LightGBM " + VERSION + " natives: " + e.getMessage()
                            + (e.getMessage() != null && e.getMessage().contains("gomp")
                                    ? " (install the OpenMP runtime: Debian/Ubuntu package libgomp1)"
                                    : ""),
                    e);
            throw failure;
        } catch (IOException e) {
            failure = new IllegalStateException("cannot extract LightGBM " + VERSION + " natives: " + e, e);
            throw failure;
        } catch (IllegalStateException e) {
            failure = e;
            throw e;
        }
    }

    /** The folder the natives are extracted to. */
    public static Path folder() {
        String karafData = System.getProperty("karaf.data");
        if (karafData != null && !karafData.isBlank()) {
            return Path.of(karafData, "native", "lightgbm-" + VERSION);
        }
        return Path.of(
                System.getProperty("java.io.tmpdir"),
                "gridhub-native-" + System.getProperty("user.name", "user"),
                "lightgbm-" + VERSION);
    }

    private static Path extract(String resource, Path target) throws IOException {
        try (InputStream in = LightGbm.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("LightGBM native " + resource + " is not on the class path");
            }
            byte[] bytes = in.readAllBytes();
            // Reuse an earlier extraction: a loaded .so must not be rewritten under a running JVM.
            if (Files.isRegularFile(target) && Files.size(target) == bytes.length) {
                return target;
            }
            Path tmp = Files.createTempFile(
                    target.getParent(), target.getFileName().toString(), ".part");
            try {
                Files.write(tmp, bytes);
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
            return target;
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private static String platform() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        if (!arch.equals("amd64") && !arch.equals("x86_64")) {
            throw new IllegalStateException("LightGBM " + VERSION + " ships natives for x86-64 only, not " + arch);
        }
        if (os.contains("linux")) {
            return "linux/x86_64";
        } else if (os.contains("mac")) {
            return "osx/x86_64";
        } else if (os.contains("win")) {
            return "windows/x86_64";
        }
        throw new IllegalStateException("LightGBM " + VERSION + " has no natives for " + os);
    }

    private static String suffix() {
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        return os.contains("mac") ? ".dylib" : os.contains("win") ? ".dll" : ".so";
    }
}
