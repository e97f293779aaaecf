package io.gridhub.store.postgresql.internal;

import com.zaxxer.hikari.HikariDataSource;
import io.gridhub.api.audit.AuditTrail;
import io.gridhub.api.bus.SampleBus;
import io.gridhub.api.bus.Subscription;
import io.gridhub.api.concurrent.Daemons;
import io.gridhub.api.settlement.SettlementException;
import io.gridhub.api.settlement.SettlementLedger;
import io.gridhub.api.store.StoreException;
import io.gridhub.api.store.TimeSeriesStore;
import io.gridhub.store.derby.internal.AuditFiles;
import io.gridhub.store.derby.internal.JdbcAuditTrail;
import io.gridhub.store.derby.internal.JdbcSettlementLedger;
import io.gridhub.store.derby.internal.JournaledWriter;
import io.gridhub.store.derby.internal.Registrations;
import io.gridhub.store.derby.internal.SampleJournal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.Locale;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.AttributeType;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The PostgreSQL store as a service, only where it is configured ({@code etc/io.gridhub.store.postgresql.cfg}):
 * opens the pool, migrates the schema and registers the {@link SettlementLedger}, the {@link AuditTrail} and last
 * the {@link TimeSeriesStore} on it, then stores every sample the bus carries. Opening happens on a thread of its
 * own and is retried until the server answers (a central hub may start before its database). What the bus carries
 * while the store is not open or the server is away goes to a bounded local journal, replayed when the store takes
 * writes again ({@link JournaledWriter}, shared with the Derby store). The Derby store steps aside when its own
 * configuration is absent (docs/scale-out.md#postgresql).
 */
@Component(
        service = {},
        configurationPid = StoreComponent.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        immediate = true)
@Designate(ocd = StoreComponent.Config.class)
public final class StoreComponent {
    static final String PID = "io.gridhub.store.postgresql";
    private static final Logger LOG = LoggerFactory.getLogger(StoreComponent.class);

    @ObjectClassDefinition(name = "gridhub store (PostgreSQL)")
    public @interface Config {
        @AttributeDefinition(description = "JDBC URL of the database")
        String url() default "jdbc:postgresql://127.0.0.1:5432/gridhub";

        @AttributeDefinition(description = "Database user")
        String user() default "gridhub";

        @AttributeDefinition(
                type = AttributeType.PASSWORD,
                description = "Database password; empty for trust or peer authentication, or ~/.pgpass")
        String password() default "";

        @AttributeDefinition(description = "Schema of the store's tables (created when missing); one per hub")
        String schema() default "gridhub";

        @AttributeDefinition(description = "Connections kept in the pool")
        int poolSize() default 8;

        @AttributeDefinition(description = "TimescaleDB: auto (hypertables where the server has it) or off")
        String timescale() default "auto";

        @AttributeDefinition(description = "With TimescaleDB: days after which a chunk is compressed")
        int compressAfterDays() default 7;

        @AttributeDefinition(description = "Days samples are kept; 0 keeps them for ever")
        int retentionDays() default 365;

        @AttributeDefinition(description = "Store every sample published on the bus")
        boolean subscribe() default true;

        @AttributeDefinition(description = "Queue of the bus subscription, in samples")
        int queueCapacity() default 262_144;

        @AttributeDefinition(
                description = "Folder of the journal of samples the store could not take; empty means "
                        + "${karaf.data}/gridhub/journal-postgresql")
        String journalDirectory() default "";

        @AttributeDefinition(description = "The journal's bound in megabytes; samples beyond it are lost (counted)")
        int journalMegabytes() default 256;

        @AttributeDefinition(description = "Seconds between replays of the journal into the store")
        int replaySeconds() default 5;

        @AttributeDefinition(description = "Seconds between attempts to open the store while the server is away")
        int retrySeconds() default 10;

        @AttributeDefinition(description = "Offer the durable settlement ledger (tables in this schema)")
        boolean settlementLedger() default true;

        @AttributeDefinition(description = "Offer the hub's audit trail (a table in this schema, verified at start)")
        boolean auditTrail() default true;

        @AttributeDefinition(
                description = "The audit trail's HMAC key (created on the first start); empty means "
                        + "${karaf.etc}/gridhub/keys/audit.hmac")
        String auditKeyFile() default "";

        @AttributeDefinition(
                description = "The audit trail's head (last seq and mac); empty means "
                        + "${karaf.data}/gridhub/audit-postgresql.head")
        String auditHeadFile() default "";
    }

    private final Config config;
    private final Clock clock;
    private final HikariDataSource pool;
    private final ScheduledExecutorService background;
    private final JournaledWriter writer;
    private volatile PostgresStore store;
    private volatile Subscription subscription;
    private ServiceRegistration<TimeSeriesStore> registration;
    private ServiceRegistration<SettlementLedger> ledgerRegistration;
    private ServiceRegistration<AuditTrail> auditRegistration;
    private boolean stopped;

    @Activate
    public StoreComponent(BundleContext context, @Reference SampleBus bus, Config config) {
        this.config = config;
        this.clock = Clock.systemUTC();
        pool = Databases.pool(config.url(), config.user(), config.password(), config.schema(), config.poolSize());
        background = Daemons.scheduler("gridhub-store-postgresql");
        writer = new JournaledWriter(
                () -> store,
                SampleJournal.open(config.journalDirectory(), "journal-postgresql", config.journalMegabytes()),
                clock);
        // From the start: what the bus carries while the store opens goes to the journal, replayed once it is open.
        subscription = config.subscribe()
                ? bus.subscribe("store", p -> true, Math.max(1024, config.queueCapacity()), writer)
                : null;
        background.execute(() -> open(context));
    }

    private void open(BundleContext context) {
        Timescale.Mode mode;
        try {
            mode = Timescale.Mode.valueOf(config.timescale().trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            LOG.error(
                    "timescale must be auto or off, not '{}': the PostgreSQL store does not open", config.timescale());
            return;
        }
        PostgresStore s;
        try {
            s = new PostgresStore(
                    pool, config.schema(), mode, Duration.ofDays(Math.max(1, config.compressAfterDays())));
        } catch (StoreException | RuntimeException e) {
            LOG.warn(
                    "cannot open the PostgreSQL store at {} (schema {}), trying again in {} s: {}",
                    config.url(),
                    config.schema(),
                    config.retrySeconds(),
                    e.getMessage());
            synchronized (this) {
                if (!stopped) {
                    background.schedule(() -> open(context), Math.max(1, config.retrySeconds()), TimeUnit.SECONDS);
                }
            }
            return;
        }
        store = s;
        LOG.info("PostgreSQL store open at {}, schema {}", config.url(), config.schema());
        synchronized (this) {
            if (stopped) {
                return;
            }
            int replay = Math.max(1, config.replaySeconds());
            background.scheduleWithFixedDelay(writer::replay, 0, replay, TimeUnit.SECONDS);
            if (config.retentionDays() > 0) {
                background.scheduleWithFixedDelay(this::retain, 1, 60, TimeUnit.MINUTES);
            }
            if (config.settlementLedger()) {
                registerLedger(context);
            }
            if (config.auditTrail()) {
                registerAuditTrail(context);
            }
            Dictionary<String, Object> props = new Hashtable<>();
            props.put("gridhub.store", "postgresql");
            registration = context.registerService(TimeSeriesStore.class, s, props);
        }
    }

    private void registerLedger(BundleContext context) {
        try {
            Dictionary<String, Object> props = new Hashtable<>();
            props.put("gridhub.ledger", "postgresql");
            props.put(Constants.SERVICE_RANKING, 100);
            ledgerRegistration =
                    context.registerService(SettlementLedger.class, new JdbcSettlementLedger(pool, clock), props);
        } catch (SettlementException e) {
            LOG.error("cannot open the settlement ledger: {}", e.getMessage(), e);
        }
    }

    /**
     * Verified before it is offered; a broken trail is registered all the same and refuses appends. The head file
     * is not the Derby store's ({@code audit.head}): a hub moved from Derby to PostgreSQL starts a new trail, which
     * that head would call deleted.
     */
    private void registerAuditTrail(BundleContext context) {
        Path key = AuditFiles.keyFile(config.auditKeyFile());
        Path head = AuditFiles.headFile(config.auditHeadFile(), "audit-postgresql.head");
        JdbcAuditTrail trail = JdbcAuditTrail.openVerified(pool, clock, key, head);
        if (trail != null) {
            Dictionary<String, Object> props = new Hashtable<>();
            props.put("gridhub.audit", "postgresql");
            auditRegistration = context.registerService(AuditTrail.class, trail, props);
        }
    }

    private void retain() {
        try {
            Instant cutoff = clock.instant().minus(Duration.ofDays(config.retentionDays()));
            long n = store.deleteBefore(cutoff);
            if (n > 0) {
                LOG.info("retention: deleted {} samples (or chunks) before {}", n, cutoff);
            }
        } catch (StoreException | RuntimeException e) {
            LOG.warn("retention failed", e);
        }
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        synchronized (this) {
            stopped = true;
            Registrations.unregister(registration, auditRegistration, ledgerRegistration);
            if (subscription != null) {
                subscription.close();
            }
        }
        background.shutdown();
        if (!background.awaitTermination(60, TimeUnit.SECONDS)) {
            background.shutdownNow();
        }
        writer.close();
        PostgresStore s = store;
        if (s != null) {
            s.close();
        }
        pool.close();
    }
}
