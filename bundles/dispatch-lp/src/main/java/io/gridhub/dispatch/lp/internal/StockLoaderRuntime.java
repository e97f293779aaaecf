package io.gridhub.dispatch.lp.internal;

import com.google.ortools.Loader;
import com.google.ortools.init.OrToolsVersion;
import io.gridhub.api.dispatch.SolverRuntime;

/**
 * OR-Tools loaded by its own loader: right on a plain class path (tests, CLI, benchmarks). In Karaf the loader
 * fails (DEPENDENCIES.md), and gridhub-platform-ortools provides the runtime instead.
 */
public final class StockLoaderRuntime implements SolverRuntime {
    public static final StockLoaderRuntime INSTANCE = new StockLoaderRuntime();

    private StockLoaderRuntime() {}

    @Override
    public String name() {
        return "ortools";
    }

    @Override
    public String version() {
        ensureLoaded();
        return OrToolsVersion.getVersionString();
    }

    @Override
    public void ensureLoaded() {
        // Loader.loadNativeLibraries() is idempotent and synchronized.
        Loader.loadNativeLibraries();
    }
}
