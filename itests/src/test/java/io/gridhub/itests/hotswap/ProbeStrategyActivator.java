package io.gridhub.itests.hotswap;

import io.gridhub.api.strategy.Strategy;
import org.osgi.framework.BundleActivator;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.framework.Version;

/** Registers one {@link ProbeStrategy} while the bundle runs; a plain activator, since the bundle has no DS. */
public final class ProbeStrategyActivator implements BundleActivator {
    private ServiceRegistration<Strategy> registration;

    @Override
    public void start(BundleContext context) {
        Version v = context.getBundle().getVersion();
        String version = v.getMajor() + "." + v.getMinor() + "." + v.getMicro();
        registration = context.registerService(Strategy.class, new ProbeStrategy(version), null);
    }

    @Override
    public void stop(BundleContext context) {
        registration.unregister();
    }
}
