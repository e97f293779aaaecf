package io.gridhub.platform.lightgbm;

import io.gridhub.api.forecast.LearnerRuntime;
import org.osgi.service.component.annotations.Component;

/** LightGBM as a {@link LearnerRuntime} service: the loader stays inside this long-lived bundle. */
@Component(service = LearnerRuntime.class, property = "runtime=lightgbm")
public final class LightGbmRuntime implements LearnerRuntime {
    @Override
    public String name() {
        return "lightgbm";
    }

    @Override
    public String version() {
        return LightGbm.VERSION;
    }

    @Override
    public void ensureLoaded() {
        LightGbm.ensureLoaded();
    }
}
