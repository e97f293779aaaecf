package io.gridhub.api.forecast;

import org.osgi.annotation.versioning.ProviderType;

/**
 * A native machine-learning library that a platform bundle provides (service property {@code runtime}, e.g.
 * {@code lightgbm}). Learned forecast strategies call {@link #ensureLoaded()} before their first fit: it loads the
 * natives once per JVM, by the platform bundle's class loader, so strategy bundles can be updated freely and the
 * hub starts without paying for the natives.
 */
@ProviderType
public interface LearnerRuntime {
    /** The library's name, e.g. {@code lightgbm}. */
    String name();

    /** The library's version, e.g. {@code 3.3.510}. */
    String version();

    /** Loads the native libraries if not yet loaded; idempotent and thread-safe. */
    void ensureLoaded();
}
