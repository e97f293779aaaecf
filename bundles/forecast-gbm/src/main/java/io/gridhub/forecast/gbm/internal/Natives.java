package io.gridhub.forecast.gbm.internal;

import io.gridhub.api.forecast.LearnerRuntime;
import java.lang.reflect.InvocationTargetException;

/**
 * Where the LightGBM natives come from. In the hub, the platform bundle's {@link LearnerRuntime} service (set by
 * the strategy component), so one long-lived class loader owns them. On a plain classpath (tests, the CLI), the
 * platform jar's loader, found by name so that this bundle never imports a package only the platform has.
 */
final class Natives {
    private static final String CLASSPATH_LOADER = "io.gridhub.platform.lightgbm.LightGbm";
    private static volatile Runnable loader = Natives::loadFromClasspath;

    private Natives() {}

    static void use(LearnerRuntime runtime) {
        loader = runtime::ensureLoaded;
    }

    static void ensureLoaded() {
        loader.run();
    }

    private static void loadFromClasspath() {
        try {
            Class.forName(CLASSPATH_LOADER).getMethod("ensureLoaded").invoke(null);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException("loading LightGBM failed: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(
                    "no LightGBM runtime: in the hub install the feature gridhub-forecast "
                            + "(bundle gridhub-platform-lightgbm); on a plain classpath add gridhub-platform-lightgbm",
                    e);
        }
    }
}
