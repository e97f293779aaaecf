package io.gridhub.platform.ortools.internal;

import io.gridhub.api.dispatch.SolverRuntime;
import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * OR-Tools' natives for the hub: extracted once to {@code ${karaf.data}/native/ortools-<version>/} and loaded on the
 * first {@link #ensureLoaded()}, not at start (the hub must be healthy fast; the natives are ~70 MB).
 */
@Component(service = SolverRuntime.class, property = "runtime=ortools")
public final class OrToolsRuntime implements SolverRuntime {
    static final String VERSION = "9.15.6755";
    static final String RESOURCES = "ortools-linux-x86-64";
    static final String JNI = "libjniortools.so";
    /** Which OR-Tools version this JVM loaded: a second, different one would crash it (free(): invalid pointer). */
    static final String LOADED_PROPERTY = "gridhub.ortools.loaded";

    private static final Logger LOG = LoggerFactory.getLogger(OrToolsRuntime.class);

    private final Bundle bundle;
    private final Path dir;
    private volatile boolean loaded;

    @Activate
    public OrToolsRuntime(BundleContext context) {
        this(context.getBundle(), nativeDir(context.getProperty("karaf.data")));
    }

    OrToolsRuntime(Bundle bundle, Path dir) {
        this.bundle = bundle;
        this.dir = dir;
    }

    private static Path nativeDir(String karafData) {
        Path base = karafData != null ? Path.of(karafData) : Path.of(System.getProperty("java.io.tmpdir"));
        return base.resolve("native").resolve("ortools-" + VERSION);
    }

    @Override
    public String name() {
        return "ortools";
    }

    @Override
    public String version() {
        return VERSION;
    }

    @Override
    public void ensureLoaded() {
        if (loaded) {
            return;
        }
        synchronized (OrToolsRuntime.class) {
            if (loaded) {
                return;
            }
            String other = System.getProperty(LOADED_PROPERTY);
            if (other != null && !other.startsWith(VERSION + "@")) {
                throw new IllegalStateException("OR-Tools " + other.split("@")[0] + " is already loaded in this JVM; "
                        + "restart the hub to use OR-Tools " + VERSION);
            }
            long t0 = System.nanoTime();
            try {
                extract();
                load();
            } catch (IOException e) {
                throw new IllegalStateException("cannot extract OR-Tools natives to " + dir + ": " + e.getMessage(), e);
            }
            System.setProperty(LOADED_PROPERTY, VERSION + "@" + bundle.getBundleId());
            loaded = true;
            LOG.info("OR-Tools {} natives loaded from {} in {} ms", VERSION, dir, (System.nanoTime() - t0) / 1_000_000);
        }
    }

    /** Copies every library once; a file of the right size is kept (a second hub start costs nothing). */
    private void extract() throws IOException {
        Files.createDirectories(dir);
        Enumeration<URL> entries = bundle.findEntries(RESOURCES, "*", false);
        List<URL> urls = entries == null ? List.of() : new ArrayList<>(Collections.list(entries));
        if (urls.isEmpty()) {
            throw new IOException("the bundle has no " + RESOURCES + "/ natives");
        }
        for (URL url : urls) {
            String name = url.getPath().substring(url.getPath().lastIndexOf('/') + 1);
            if (name.isEmpty()) {
                continue;
            }
            Path target = dir.resolve(name);
            long size = url.openConnection().getContentLengthLong();
            if (Files.exists(target) && size >= 0 && Files.size(target) == size) {
                continue;
            }
            Path tmp = Files.createTempFile(dir, name, ".part");
            try (InputStream in = url.openStream()) {
                Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            }
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        }
    }

    /**
     * Loads the JNI library from this class, so it binds to this bundle's class loader, which also loaded OR-Tools'
     * JNI classes. Every library has RUNPATH $ORIGIN: the JNI library finds the rest in the same folder. After an
     * update of this bundle the JVM still holds the old revision's copy; a per-revision copy side-steps that.
     */
    private void load() throws IOException {
        Path jni = dir.resolve(JNI);
        try {
            System.load(jni.toString());
        } catch (UnsatisfiedLinkError e) {
            if (e.getMessage() == null || !e.getMessage().contains("already loaded in another classloader")) {
                throw e;
            }
            Path copy = dir.resolve("libjniortools-" + bundle.getBundleId() + "-" + bundle.getLastModified() + ".so");
            Files.copy(jni, copy, StandardCopyOption.REPLACE_EXISTING);
            System.load(copy.toString());
        }
    }
}
