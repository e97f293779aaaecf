package io.gridhub.metrics.internal;

import io.gridhub.api.bus.SampleBus;
import io.gridhub.api.driver.DeviceRegistry;
import io.gridhub.api.driver.DeviceStatus;
import io.gridhub.api.ingest.Quarantine;
import io.gridhub.api.loop.OperatingLoop;
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
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's Prometheus registry and its {@code /metrics} servlet. Every source is optional and dynamic: the
 * metrics of a service that is not running are simply absent (the JVM's always answer). The loop is asked for its
 * stages' last runs every {@code loopPollMillis}; the devices before each scrape.
 */
@Component(configurationPid = "io.gridhub.metrics")
@Designate(ocd = MetricsComponent.Config.class)
public final class MetricsComponent {
    private static final Logger LOG = LoggerFactory.getLogger(MetricsComponent.class);

    @ObjectClassDefinition(name = "gridhub metrics", description = "Prometheus metrics at /metrics")
    public @interface Config {
        @AttributeDefinition(
                description = "How often the loop's stage runs are read (ms): a stage that runs more often than "
                        + "this is sampled, not counted run by run")
        long loopPollMillis() default 1000;
    }

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final HubMeters meters = new HubMeters(registry);
    private final JvmGcMetrics gc = new JvmGcMetrics();
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "gridhub-metrics");
        t.setDaemon(true);
        return t;
    });
    private ServiceRegistration<Servlet> servlet;

    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile DeviceRegistry devices;

    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    private volatile OperatingLoop loop;

    @Activate
    public MetricsComponent(BundleContext context, Config config) {
        jvm(registry, gc);
        long every = Math.max(100, config.loopPollMillis());
        poller.scheduleWithFixedDelay(this::pollLoop, every, every, TimeUnit.MILLISECONDS);
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
        poller.shutdownNow();
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

    private void pollLoop() {
        OperatingLoop l = loop;
        if (l == null) {
            return;
        }
        try {
            for (String community : l.communities()) {
                List<StageRun> runs = l.stages(community);
                synchronized (this) {
                    meters.stages(community, runs);
                }
            }
        } catch (RuntimeException e) {
            LOG.debug("reading the loop's stages failed", e);
        }
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
