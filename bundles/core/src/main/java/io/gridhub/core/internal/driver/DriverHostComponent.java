package io.gridhub.core.internal.driver;

import io.gridhub.api.bus.SampleBus;
import io.gridhub.api.driver.DeviceRegistry;
import io.gridhub.api.driver.DeviceStatus;
import io.gridhub.api.driver.Driver;
import io.gridhub.api.driver.PointWriter;
import io.gridhub.api.ingest.RawIngest;
import io.gridhub.api.model.PointId;
import io.gridhub.api.model.Quality;
import io.gridhub.api.model.Sample;
import io.gridhub.api.registry.PointRegistry;
import io.gridhub.api.registry.TopologyProvider;
import io.gridhub.api.store.StoreException;
import io.gridhub.api.store.TimeSeriesStore;
import io.gridhub.api.time.HubClock;
import io.gridhub.core.internal.StateFiles;
import java.time.Instant;
import java.util.Collections;
import java.util.Dictionary;
import java.util.HashMap;
import java.util.Hashtable;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.cm.ManagedServiceFactory;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The driver host in OSGi: for every {@link Driver} service it registers a {@link ManagedServiceFactory} under the
 * driver's factory PID, so that each factory configuration (e.g. {@code etc/io.gridhub.driver.modbus.device-bat.cfg})
 * becomes one running device. A driver bundle dropped into {@code deploy/} is picked up the same way. The devices'
 * resume points are kept in {@code ${karaf.data}/gridhub/devices/}.
 */
@Component(service = {DeviceRegistry.class, PointWriter.class})
public final class DriverHostComponent implements DeviceRegistry, PointWriter {
    private final BundleContext context;
    private final DriverHost host;
    private final Map<Driver<?, ?>, ServiceRegistration<ManagedServiceFactory>> factories = new ConcurrentHashMap<>();
    /**
     * Normalization (feature gridhub-ingest): it holds each device's mapping and takes every poll cycle; devices
     * wait for it, and are configured again when it comes or goes.
     */
    private volatile RawIngest ingest;
    /** The store while it runs: a device's first connect back-fills from its points' last stored samples. */
    private volatile TimeSeriesStore store;

    /**
     * @param topology not used here, but held for the order it gives: the community's points (TopologyService
     *                 registers them when it is activated, a delayed component otherwise activated by whichever
     *                 consumer comes first) are known before any device runs. Without it, a meter gateway whose
     *                 mapping gives no quantity could be polled first at start-up, and its readings were quarantined
     *                 as points "not known to the hub" (seen once in the demo's integration test).
     */
    @Activate
    public DriverHostComponent(
            BundleContext context,
            @Reference SampleBus bus,
            @Reference PointRegistry registry,
            @Reference HubClock time,
            @Reference TopologyProvider topology) {
        this.context = context;
        this.host = new DriverHost(
                bus, registry, () -> ingest, time.clock(), this::lastStored, StateFiles.of(null, "devices"));
    }

    private Optional<Instant> lastStored(PointId point) {
        TimeSeriesStore s = store;
        if (s == null) {
            return Optional.empty();
        }
        try {
            return s.latest(point).map(Sample::sourceTime);
        } catch (StoreException e) {
            return Optional.empty();
        }
    }

    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindStore(TimeSeriesStore s) {
        store = s;
    }

    void unbindStore(TimeSeriesStore s) {
        if (store == s) {
            store = null;
        }
    }

    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    void bindIngest(RawIngest in) {
        ingest = in;
        host.ingestChanged();
    }

    void unbindIngest(RawIngest in) {
        if (ingest == in) {
            ingest = null;
            host.ingestChanged();
        }
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC)
    void addDriver(Driver<?, ?> driver) {
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(Constants.SERVICE_PID, driver.factoryPid());
        props.put("gridhub.driver", driver.id());
        factories.put(driver, context.registerService(ManagedServiceFactory.class, new Factory(driver), props));
    }

    void removeDriver(Driver<?, ?> driver) {
        ServiceRegistration<ManagedServiceFactory> reg = factories.remove(driver);
        if (reg != null) {
            try {
                reg.unregister();
            } catch (IllegalStateException e) {
                // Already gone with the bundle.
            }
        }
        host.removeDriver(driver);
    }

    @Deactivate
    void deactivate() {
        for (Driver<?, ?> d : List.copyOf(factories.keySet())) {
            removeDriver(d);
        }
        host.close();
    }

    @Override
    public List<DeviceStatus> devices() {
        return host.devices();
    }

    @Override
    public Optional<DeviceStatus> device(String name) {
        return host.device(name);
    }

    @Override
    public CompletableFuture<Quality> write(PointId point, double value) {
        return host.write(point, value);
    }

    @Override
    public boolean writable(PointId point) {
        return host.writable(point);
    }

    /** Config Admin calls these on its own thread; the host only builds and starts, it never blocks on a device. */
    private final class Factory implements ManagedServiceFactory {
        private final Driver<?, ?> driver;

        Factory(Driver<?, ?> driver) {
            this.driver = driver;
        }

        @Override
        public String getName() {
            return "gridhub " + driver.id() + " devices";
        }

        @Override
        public void updated(String pid, Dictionary<String, ?> properties) {
            Map<String, Object> map = new HashMap<>();
            for (String k : Collections.list(properties.keys())) {
                map.put(k, properties.get(k));
            }
            host.configure(pid, driver, map);
        }

        @Override
        public void deleted(String pid) {
            host.remove(pid);
        }
    }
}
