package io.gridhub.forecast.baselines.internal;

import io.gridhub.api.forecast.Forecaster;
import io.gridhub.api.strategy.Strategy;
import java.util.ArrayList;
import java.util.List;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * One {@link Forecaster} (and {@link Strategy}) service per {@link Baseline}, so that the strategy registry lists
 * and swaps each by name and version. The services differ only in their baseline, so one component registers them
 * all.
 */
@Component(
        service = {},
        immediate = true)
public final class BaselineStrategies {
    private static final String[] SERVICES = {Forecaster.class.getName(), Strategy.class.getName()};

    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();

    @Activate
    public BaselineStrategies(BundleContext context) {
        for (Baseline b : Baseline.values()) {
            registrations.add(context.registerService(SERVICES, new BaselineForecaster(b), null));
        }
    }

    @Deactivate
    void deactivate() {
        registrations.forEach(ServiceRegistration::unregister);
    }
}
