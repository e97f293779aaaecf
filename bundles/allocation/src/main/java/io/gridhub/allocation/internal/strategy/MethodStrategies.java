package io.gridhub.allocation.internal.strategy;

import io.gridhub.allocation.internal.run.Method;
import io.gridhub.api.allocation.Allocator;
import io.gridhub.api.strategy.Strategy;
import java.util.ArrayList;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;

/**
 * One {@link Allocator} (and {@link Strategy}) service per allocation method — {@code static}, {@code dynamic},
 * {@code priority}, {@code cacer}, {@code enwg42c}, {@code proportional}, {@code equal}, {@code shapley} — each with
 * the property {@code gridhub.allocation.method=<id>}, so that the strategy registry lists and swaps each by name
 * and version. The services differ only in their method, so one component registers them all.
 */
@Component(
        service = {},
        immediate = true)
public final class MethodStrategies {
    static final String METHOD_PROPERTY = "gridhub.allocation.method";
    private static final String[] SERVICES = {Allocator.class.getName(), Strategy.class.getName()};

    private final List<ServiceRegistration<?>> registrations = new ArrayList<>();

    @Activate
    public MethodStrategies(BundleContext context) {
        for (Method m : Method.values()) {
            registrations.add(context.registerService(
                    SERVICES, new MethodAllocator(m), new Hashtable<>(Map.of(METHOD_PROPERTY, m.id()))));
        }
    }

    @Deactivate
    void deactivate() {
        registrations.forEach(ServiceRegistration::unregister);
    }
}
