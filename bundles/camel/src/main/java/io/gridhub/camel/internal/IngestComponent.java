package io.gridhub.camel.internal;

import io.gridhub.api.bus.SampleBus;
import io.gridhub.api.ingest.DeviceMapping;
import io.gridhub.api.ingest.IngestResult;
import io.gridhub.api.ingest.Quarantine;
import io.gridhub.api.ingest.QuarantineEntry;
import io.gridhub.api.ingest.RawIngest;
import io.gridhub.api.ingest.RawReading;
import io.gridhub.api.model.PointId;
import io.gridhub.api.registry.PointRegistry;
import io.gridhub.api.store.TimeSeriesStore;
import io.gridhub.api.time.HubClock;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Hashtable;
import java.util.List;
import java.util.Optional;
import javax.servlet.Servlet;
import org.apache.camel.CamelContext;
import org.apache.camel.karaf.core.OsgiDefaultCamelContext;
import org.apache.camel.spi.ComponentResolver;
import org.apache.camel.spi.LanguageResolver;
import org.apache.camel.spi.TypeConverterLoader;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's one Camel context with the ingest routes, as the {@link RawIngest} and {@link Quarantine} services,
 * plus the HTTP push servlet. It references the Camel resolvers its routes need, so that it starts only once
 * camel-core-osgi's extender has registered them (see bundles/platform-camel).
 */
@Component(
        service = {RawIngest.class, Quarantine.class},
        configurationPid = IngestComponent.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL,
        immediate = true)
@Designate(ocd = IngestComponent.Config.class)
public final class IngestComponent implements RawIngest, Quarantine {
    static final String PID = "io.gridhub.camel";
    private static final Logger LOG = LoggerFactory.getLogger(IngestComponent.class);

    @ObjectClassDefinition(name = "gridhub ingest (Camel)")
    public @interface Config {
        @AttributeDefinition(
                description =
                        "Folder of mapping files (*.json, one source each); " + "empty: ${karaf.etc}/gridhub/mappings")
        String mappings() default "";

        @AttributeDefinition(description = "Seconds between checks for changed mapping files; 0: never")
        int reloadSeconds() default 5;

        @AttributeDefinition(
                description = "Watched folder for CSV/JSON files; empty: ${karaf.data}/gridhub/inbox; "
                        + "'-': no file source")
        String inbox() default "";

        @AttributeDefinition(description = "Where taken files go; empty: ${karaf.data}/gridhub/inbox-done")
        String done() default "";

        @AttributeDefinition(
                description = "Where rejected files and reports go; empty: " + "${karaf.data}/gridhub/inbox-error")
        String error() default "";

        @AttributeDefinition(
                description = "Remember taken files (name and size) so that a file copied in again "
                        + "is not ingested twice")
        boolean rememberFiles() default true;

        @AttributeDefinition(description = "Quarantine entries kept for GET /api/v1/quarantine")
        int quarantineCapacity() default 10_000;

        @AttributeDefinition(
                description = "File that keeps the quarantine across restarts (at most twice "
                        + "quarantineCapacity lines); empty: ${karaf.data}/gridhub/quarantine.jsonl; '-': memory only")
        String quarantineFile() default "";

        @AttributeDefinition(
                description = "Readings dated more than this many seconds ahead of their receipt go "
                        + "to the quarantine, unless their mapping allows more (time.future, e.g. PT48H for day-ahead "
                        + "prices)",
                min = "0")
        int futureToleranceSeconds() default 300;
    }

    private final IngestEngine engine;
    private final ServiceRegistration<Servlet> servlet;
    private volatile TimeSeriesStore store;

    @Activate
    public IngestComponent(
            BundleContext context,
            @Reference SampleBus bus,
            @Reference PointRegistry registry,
            @Reference(target = "(component=file)") ComponentResolver fileComponent,
            @Reference(target = "(component=direct)") ComponentResolver directComponent,
            @Reference(target = "(language=simple)") LanguageResolver simple,
            @Reference(target = "(language=file)") LanguageResolver fileLanguage,
            @Reference TypeConverterLoader converters,
            @Reference HubClock time,
            Config config)
            throws Exception {
        String etc = System.getProperty("karaf.etc", "etc");
        String data = System.getProperty("karaf.data", "data");
        Path mappings = path(config.mappings(), Path.of(etc, "gridhub", "mappings"));
        Path inbox = "-".equals(config.inbox().trim()) ? null : path(config.inbox(), Path.of(data, "gridhub", "inbox"));
        IngestEngine.Settings settings = new IngestEngine.Settings(
                mappings,
                config.reloadSeconds(),
                inbox,
                path(config.done(), Path.of(data, "gridhub", "inbox-done")),
                path(config.error(), Path.of(data, "gridhub", "inbox-error")),
                config.rememberFiles()
                        ? Path.of(data, "gridhub", "inbox-taken.txt").toAbsolutePath()
                        : null,
                config.quarantineCapacity(),
                "-".equals(config.quarantineFile().trim())
                        ? null
                        : path(config.quarantineFile(), Path.of(data, "gridhub", "quarantine.jsonl")),
                Duration.ofSeconds(Math.max(0, config.futureToleranceSeconds())));
        OsgiDefaultCamelContext camel = new OsgiDefaultCamelContext(context);
        camel.getCamelContextExtension().setName("gridhub");
        engine = new IngestEngine(camel, bus, registry, () -> store, settings, time.clock());
        Hashtable<String, Object> props = new Hashtable<>();
        props.put("osgi.http.whiteboard.servlet.pattern", "/api/v1/ingest/*");
        props.put("osgi.http.whiteboard.servlet.name", "gridhub-ingest");
        servlet = context.registerService(Servlet.class, new HttpPushServlet(engine), props);
        LOG.info(
                "ingest started: mappings {}, inbox {}, routes {}",
                mappings,
                inbox == null ? "none" : inbox,
                camel.getRoutes().stream().map(r -> r.getRouteId()).toList());
    }

    /**
     * Outside OSGi (benchmarks, tools): the normalization routes on {@code camel}, with the mapping files in
     * {@code mappings} read once, publishing on {@code bus}; no inbox, no push servlet, no store, the quarantine in
     * memory. The routes run until the caller closes {@code camel}.
     */
    public static RawIngest outside(
            CamelContext camel, SampleBus bus, PointRegistry registry, Path mappings, Clock clock) throws Exception {
        return new IngestEngine(
                camel,
                bus,
                registry,
                () -> null,
                new IngestEngine.Settings(mappings, 0, null, null, null, null, 1000, null),
                clock);
    }

    // Optional and dynamic: device cycles flow without a store (the store subscribes to the bus when it comes);
    // only the acknowledging sources (files, push) need it.
    @Reference(cardinality = ReferenceCardinality.OPTIONAL, policy = ReferencePolicy.DYNAMIC)
    void bindStore(TimeSeriesStore s) {
        store = s;
        IngestEngine e = engine;
        if (e != null) {
            e.storeChanged();
        }
    }

    void unbindStore(TimeSeriesStore s) {
        if (store == s) {
            store = null;
            IngestEngine e = engine;
            if (e != null) {
                e.storeChanged();
            }
        }
    }

    private static Path path(String configured, Path fallback) {
        return (configured == null || configured.isBlank() ? fallback : Path.of(configured.trim())).toAbsolutePath();
    }

    @Override
    public IngestResult ingest(String source, List<RawReading> cycle) {
        return engine.ingest(source, cycle);
    }

    @Override
    public Optional<DeviceMapping> mapping(String source) {
        return engine.mapping(source);
    }

    @Override
    public double toRaw(String source, PointId point, double value) {
        return engine.toRaw(source, point, value);
    }

    @Override
    public List<QuarantineEntry> recent(int limit) {
        return engine.quarantine().recent(limit);
    }

    @Override
    public long total() {
        return engine.quarantine().total();
    }

    @Deactivate
    void deactivate() throws Exception {
        servlet.unregister();
        engine.close();
    }
}
