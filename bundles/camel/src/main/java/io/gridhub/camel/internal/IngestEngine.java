package io.gridhub.camel.internal;

import io.gridhub.api.bus.SampleBus;
import io.gridhub.api.concurrent.Daemons;
import io.gridhub.api.ingest.DeviceMapping;
import io.gridhub.api.ingest.IngestResult;
import io.gridhub.api.ingest.RawIngest;
import io.gridhub.api.ingest.RawReading;
import io.gridhub.api.model.PointId;
import io.gridhub.api.registry.PointRegistry;
import io.gridhub.api.store.TimeSeriesStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;

/**
 * The ingest pipeline on a given Camel context: mapping files, the {@code gridhub:} component, the routes, the
 * quarantine. Plain Java, so that tests run it on a {@code DefaultCamelContext}; in OSGi {@link IngestComponent}
 * runs it on an {@code OsgiDefaultCamelContext}.
 */
final class IngestEngine implements RawIngest, AutoCloseable {
    private static final String SEEN = "gridhubInboxSeen";

    /**
     * @param inbox     watched folder for files; null: no file source
     * @param seenFile  where the inbox remembers the files it took (name and size); null: files are moved only
     * @param quarantineFile where the quarantine is kept across restarts; null: memory only
     */
    record Settings(
            Path mappings,
            int reloadSeconds,
            Path inbox,
            Path done,
            Path error,
            Path seenFile,
            int quarantineCapacity,
            Path quarantineFile,
            Duration futureTolerance) {
        /** With the default future tolerance. */
        Settings(
                Path mappings,
                int reloadSeconds,
                Path inbox,
                Path done,
                Path error,
                Path seenFile,
                int quarantineCapacity,
                Path quarantineFile) {
            this(
                    mappings,
                    reloadSeconds,
                    inbox,
                    done,
                    error,
                    seenFile,
                    quarantineCapacity,
                    quarantineFile,
                    Normalizer.DEFAULT_FUTURE_TOLERANCE);
        }
    }

    private final CamelContext camel;
    private final Clock clock;
    private final MappingFiles mappings;
    private final Normalizer normalizer;
    private final QuarantineLog quarantine;
    private final GridhubComponent component;
    private final ProducerTemplate template;
    private final ScheduledExecutorService watcher;
    private final Supplier<TimeSeriesStore> store;
    private final boolean hasInbox;

    IngestEngine(
            CamelContext camel,
            SampleBus bus,
            PointRegistry registry,
            Supplier<TimeSeriesStore> store,
            Settings settings,
            Clock clock)
            throws Exception {
        this.camel = camel;
        this.clock = clock;
        this.quarantine = new QuarantineLog(settings.quarantineCapacity(), settings.quarantineFile());
        MappingFiles[] files = new MappingFiles[1];
        this.normalizer = new Normalizer(source -> files[0].source(source), registry, settings.futureTolerance());
        this.mappings = new MappingFiles(settings.mappings(), normalizer::loaded);
        files[0] = mappings;
        mappings.refresh();
        this.component = new GridhubComponent(bus, store, quarantine);
        camel.addComponent("gridhub", component);
        String seen = null;
        if (settings.inbox() != null) {
            Files.createDirectories(settings.inbox());
            if (settings.seenFile() != null) {
                Files.createDirectories(settings.seenFile().getParent());
                camel.getRegistry()
                        .bind(SEEN, new SyncedFileRepository(settings.seenFile().toFile(), 10_000));
                seen = SEEN;
            }
        }
        FileIntake intake = settings.inbox() == null
                ? null
                : new FileIntake(
                        mappings,
                        new FileIntake.Folders(settings.inbox(), settings.done(), settings.error(), seen),
                        clock);
        camel.addRoutes(new Routes(normalizer, intake, new PushIntake(clock)));
        camel.start();
        this.store = store;
        this.hasInbox = settings.inbox() != null;
        storeChanged();
        template = camel.createProducerTemplate();
        if (settings.reloadSeconds() > 0) {
            watcher = Daemons.scheduler("gridhub-mapping-watch");
            watcher.scheduleWithFixedDelay(
                    mappings::refresh, settings.reloadSeconds(), settings.reloadSeconds(), TimeUnit.SECONDS);
        } else {
            watcher = null;
        }
    }

    /**
     * Starts the file route when a store is there, stops it when the store is gone: files wait in the inbox
     * rather than fail for want of a store.
     */
    synchronized void storeChanged() {
        if (!hasInbox) {
            return;
        }
        try {
            var controller = camel.getRouteController();
            boolean started = controller.getRouteStatus(Routes.FILE_ROUTE).isStarted();
            if (store.get() != null && !started) {
                controller.startRoute(Routes.FILE_ROUTE);
            } else if (store.get() == null && started) {
                controller.stopRoute(Routes.FILE_ROUTE);
            }
        } catch (Exception e) {
            throw new IllegalStateException("cannot start or stop route " + Routes.FILE_ROUTE, e);
        }
    }

    /** A device's poll cycle through {@code gridhub-normalize}. */
    @Override
    public IngestResult ingest(String source, List<RawReading> cycle) {
        return component.dispatch(RawCycle.of(source, cycle, clock.instant()));
    }

    /** The driver host's view of the mapping that describes a device; empty when no mapping file does. */
    @Override
    public Optional<DeviceMapping> mapping(String source) {
        return mappings.source(source).map(SourceMapping::device);
    }

    /**
     * The raw value of a write to a device's point, from the same mapping its readings are normalized with.
     *
     * @throws IllegalArgumentException no mapping file describes the source or maps the point
     */
    @Override
    public double toRaw(String source, PointId point, double value) {
        SourceMapping m = mappings.source(source)
                .orElseThrow(() -> new IllegalArgumentException(
                        "no mapping file in " + mappings.directory() + " describes source '" + source + "'"));
        return normalizer.toRaw(m, point, value);
    }

    /**
     * A pushed JSON body through {@code gridhub-http-push}; returns once its samples are committed.
     *
     * @throws SourceParseException the body is refused (nothing ingested)
     * @throws Exception            anything else the route failed with (the store, ...)
     */
    IngestResult push(String source, byte[] body) throws Exception {
        Exchange ex = template.request(Routes.PUSH, e -> {
            e.getMessage().setBody(body);
            e.getMessage().setHeader(Routes.SOURCE_HEADER, source);
        });
        if (ex.getException() != null) {
            throw ex.getException();
        }
        return ex.getMessage().getMandatoryBody(Normalized.class).result();
    }

    QuarantineLog quarantine() {
        return quarantine;
    }

    MappingFiles mappings() {
        return mappings;
    }

    CamelContext camel() {
        return camel;
    }

    @Override
    public void close() throws Exception {
        if (watcher != null) {
            watcher.shutdownNow();
        }
        template.close();
        camel.stop();
    }
}
