package io.gridhub.metrics.internal;

import io.gridhub.api.bus.SampleBus;
import io.gridhub.api.driver.DeviceRegistry;
import io.gridhub.api.driver.DeviceStatus;
import io.gridhub.api.ingest.Quarantine;
import io.gridhub.api.loop.StageListener;
import io.gridhub.api.loop.StageRun;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmInfoMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Hashtable;
import java.util.List;
import javax.servlet.Servlet;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;

/**
 * The hub's Prometheus registry and its {@code /metrics} servlet. Every source is optional and dynamic: the
 * metrics of a service that is not running are simply absent (the JVM's always answer). The devices are read before
 * each scrape; the operating loop tells this component of every stage run as it ends (a {@link StageListener}).
 */
@Component(service = StageListener.class, immediate = true)
public final class MetricsComponent implements StageListener {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final HubMeters meters = new HubMeters(registry);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private ServiceRegistration<Servlet> servlet;

    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile DeviceRegistry devices;

    @Activate
    public MetricsComponent(BundleContext context) {
        jvm(registry, gc);
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("osgi.http.whiteboard.servlet.pattern", "/metrics");
        props.put("osgi.http.whiteboard.servlet.name", "gridhub-metrics");
        servlet = context.registerService(Servlet.class, new MetricsServlet(this::scrape), props);
    }

    /** The JVM's and the process's meters: jvm_memory_*, jvm_gc_*, jvm_threads_*, jvm_classes_*, process_*. */
    static void jvm(MeterRegistry registry, JvmGcMetrics gc) {
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gc.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new JvmInfoMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
    }

    @Deactivate
    void deactivate() {
        servlet.unregister();
        gc.close();
        registry.close();
    }

    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY,
            unbind = "unbindBus")
    synchronized void bindBus(SampleBus bus) {
        meters.bind("bus", bus, () -> meters.bus(bus));
    }

    synchronized void unbindBus(SampleBus bus) {
        meters.unbind("bus", bus);
    }

    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY,
            unbind = "unbindQuarantine")
    synchronized void bindQuarantine(Quarantine quarantine) {
        meters.bind("quarantine", quarantine, () -> meters.quarantine(quarantine));
    }

    synchronized void unbindQuarantine(Quarantine quarantine) {
        meters.unbind("quarantine", quarantine);
    }

    @Override
    public void stageRan(String community, StageRun run) {
        meters.stageRan(community, run);
    }

    private void scrape(OutputStream out, String contentType) throws IOException {
        DeviceRegistry d = devices;
        List<DeviceStatus> now = d == null ? List.of() : d.devices();
        synchronized (this) {
            meters.devices(now);
        }
        registry.scrape(out, contentType);
    }
}
