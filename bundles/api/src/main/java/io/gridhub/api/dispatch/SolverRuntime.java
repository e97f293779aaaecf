package io.gridhub.api.dispatch;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A native solver library that a platform bundle provides (service property {@code runtime}, e.g.
 * {@code ortools}). Dispatch strategies call {@link #ensureLoaded()} before their first solve: it loads the natives
 * once per JVM, so the hub starts without paying for them.
 */
@ProviderType
public interface SolverRuntime {
    /** The library's name, e.g. {@code ortools}. */
    String name();

    /** The library's version, e.g. {@code 9.15.6755}. */
    String version();

    /** Loads the native libraries if not yet loaded; idempotent and thread-safe. */
    void ensureLoaded();
}
