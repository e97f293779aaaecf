package io.gridhub.camel.internal;

import io.gridhub.api.bus.SampleBus;
import io.gridhub.api.ingest.IngestResult;
import io.gridhub.api.ingest.RawReading;
import io.gridhub.api.ingest.SourcePoint;
import io.gridhub.api.registry.PointRegistry;
import io.gridhub.api.store.TimeSeriesStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.camel.CamelContext;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.support.processor.idempotent.FileIdempotentRepository;

/**
 * The ingest pipeline on a given Camel context: mapping files, the {@code gridhub:} component, the routes, the
 * quarantine. Plain Java, so that tests run it on a {@code DefaultCamelContext}; in OSGi {@link IngestComponent}
 * runs it on an {@code OsgiDefaultCamelContext}.
 */
final class IngestEngine implements AutoCloseable {
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
    private final Map<String, SourceMapping> declared = new ConcurrentHashMap<>();

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
        // A mapping file wins; a source without one uses what its driver host declared (the device's point map).
        this.normalizer = new Normalizer(
                source -> files[0].source(source).or(() -> Optional.ofNullable(declared.get(source))),
                registry,
                settings.futureTolerance());
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
                        .bind(
                                SEEN,
                                FileIdempotentRepository.fileIdempotentRepository(
                                        settings.seenFile().toFile(), 10_000));
                seen = SEEN;
            }
        }
        camel.addRoutes(new Routes(
                normalizer,
                new FileIntake(mappings, settings.error(), clock),
                new PushIntake(clock),
                settings.inbox(),
                settings.done(),
                settings.error(),
                seen));
        camel.start();
        this.store = store;
        this.hasInbox = settings.inbox() != null;
        storeChanged();
        template = camel.createProducerTemplate();
        if (settings.reloadSeconds() > 0) {
            watcher = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "gridhub-mapping-watch");
                t.setDaemon(true);
                return t;
            });
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
    IngestResult ingest(String source, List<RawReading> cycle) {
        return component.dispatch(RawCycle.of(source, cycle, clock.instant()));
    }

    /**
     * What a source's driver host says about its addresses, used while no mapping file describes the source.
     *
     * @throws IllegalArgumentException a declared point is not usable (an unknown unit, an address twice)
     */
    void declare(String source, List<SourcePoint> points) {
        if (points.isEmpty()) {
            declared.remove(source);
            return;
        }
        List<SourceMapping.PointMapping> mapped = new ArrayList<>(points.size());
        for (SourcePoint p : points) {
            mapped.add(new SourceMapping.PointMapping(
                    p.address(),
                    p.point(),
                    p.unit(),
                    p.scale(),
                    p.offset(),
                    false,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    null,
                    "declared by the driver host"));
        }
        declared.put(
                source, new SourceMapping(source, "point map declared by the driver host", null, null, mapped, null));
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
