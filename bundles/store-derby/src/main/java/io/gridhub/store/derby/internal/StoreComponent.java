package io.gridhub.store.derby.internal;

import io.gridhub.api.audit.AuditTrail;
import io.gridhub.api.bus.SampleBus;
import io.gridhub.api.bus.Subscription;
import io.gridhub.api.concurrent.Daemons;
import io.gridhub.api.settlement.SettlementException;
import io.gridhub.api.settlement.SettlementLedger;
import io.gridhub.api.store.StoreBackup;
import io.gridhub.api.store.StoreException;
import io.gridhub.api.store.TimeSeriesStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.osgi.framework.BundleContext;
import org.osgi.framework.Constants;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store as a service: opens (creating and migrating) the Derby database, writes every sample the bus carries
 * in the batches the bus delivers (to the journal while the store cannot take them, replayed later:
 * {@link JournaledWriter}), merges small blocks and applies retention in the background. Opening takes
 * seconds (Derby boot, Flyway), so it happens on a thread of its own and the {@link TimeSeriesStore} service is
 * registered once the store is open, with the durable {@link SettlementLedger} and the {@link AuditTrail} on
 * the same database: a component activation that long would make SCR time out the callers that
 * want the service meanwhile ("Could not obtain lock"). It runs only where its configuration exists (the
 * distribution ships {@code etc/io.gridhub.store.derby.cfg}): without it the Derby store steps aside, for the
 * PostgreSQL store (docs/scale-out.md#postgresql).
 */
@Component(
        service = {},
        configurationPid = StoreComponent.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE,
        immediate = true)
@Designate(ocd = StoreComponent.Config.class)
public final class StoreComponent {
    static final String PID = "io.gridhub.store.derby";
    private static final Logger LOG = LoggerFactory.getLogger(StoreComponent.class);

    @ObjectClassDefinition(name = "gridhub time-series store (Derby)")
    public @interface Config {
        @AttributeDefinition(description = "Database folder; empty means ${karaf.data}/gridhub/store")
        String directory() default "";

        @AttributeDefinition(description = "Days samples are kept; 0 keeps them for ever")
        int retentionDays() default 365;

        @AttributeDefinition(description = "Seconds between merges of small blocks")
        int compactSeconds() default 60;

        @AttributeDefinition(description = "Blocks an open (current) window collects before it is merged")
        int compactOpenWindowBlocks() default 120;

        @AttributeDefinition(description = "Store every sample published on the bus")
        boolean subscribe() default true;

        @AttributeDefinition(description = "Queue of the bus subscription, in samples")
        int queueCapacity() default 262_144;

        @AttributeDefinition(description = "Offer the durable settlement ledger (tables in this database)")
        boolean settlementLedger() default true;

        @AttributeDefinition(description = "Offer the hub's audit trail (a table in this database, verified at start)")
        boolean auditTrail() default true;

        @AttributeDefinition(
                description = "The audit trail's HMAC key (created on the first start); empty means "
                        + "${karaf.etc}/gridhub/keys/audit.hmac")
        String auditKeyFile() default "";

        @AttributeDefinition(
                description =
                        "The audit trail's head (last seq and mac); empty means " + "${karaf.data}/gridhub/audit.head")
        String auditHeadFile() default "";

        @AttributeDefinition(
                description = "Folder of the journal of samples the store could not take; empty means "
                        + "${karaf.data}/gridhub/journal")
        String journalDirectory() default "";

        @AttributeDefinition(description = "The journal's bound in megabytes; samples beyond it are lost (counted)")
        int journalMegabytes() default 256;

        @AttributeDefinition(description = "Seconds between replays of the journal into the store")
        int replaySeconds() default 5;

        @AttributeDefinition(
                description = "Hold the store's writes of the bus's samples: they go to the journal until this is "
                        + "false again (applies at once)")
        boolean holdWrites() default false;
    }

    private final Clock clock;
    private final EmbeddedDataSource dataSource;
    private final ScheduledExecutorService background;
    private final JournaledWriter writer;
    /** Opens the store, and opens it again after its database failed (the disk filled). */
    private final StoreRecovery recovery;

    private volatile Subscription subscription;
    private volatile ServiceRegistration<TimeSeriesStore> registration;
    private volatile ServiceRegistration<SettlementLedger> ledgerRegistration;
    private volatile ServiceRegistration<AuditTrail> auditRegistration;
    private volatile ServiceRegistration<StoreBackup> backupRegistration;
    private volatile boolean stopped;

    @Activate
    public StoreComponent(BundleContext context, @Reference SampleBus bus, Config config) {
        this(context, bus, config, Clock.systemUTC());
    }

    /** With the clock that dates audit records and ledger runs, closes windows and decides retention. */
    StoreComponent(BundleContext context, SampleBus bus, Config config, Clock clock) {
        this.clock = clock;
        Path dir = directory(config);
        dataSource = new EmbeddedDataSource();
        dataSource.setDatabaseName(dir.toString());
        dataSource.setCreateDatabase("create");
        background = Daemons.scheduler("gridhub-store");
        recovery = new StoreRecovery(dataSource, clock, background, Duration.ofSeconds(5), Duration.ofSeconds(60));
        writer = new JournaledWriter(
                recovery::store,
                SampleJournal.open(config.journalDirectory(), "journal", config.journalMegabytes()),
                clock);
        writer.hold(config.holdWrites());
        // From the start: what the bus carries while the store opens goes to the journal, replayed once it is open.
        subscription = config.subscribe()
                ? bus.subscribe("store", p -> true, Math.max(1024, config.queueCapacity()), writer)
                : null;
        background.execute(() -> open(context, config, dir));
    }

    /** Only {@code holdWrites} applies at once; the other settings at the next start. */
    @Modified
    void modified(Config config) {
        writer.hold(config.holdWrites());
    }

    private void open(BundleContext context, Config config, Path dir) {
        long started = System.nanoTime();
        try {
            DerbyStore s = recovery.open();
            LOG.info(
                    "time-series store open at {} in {} ms ({} blocks)",
                    dir,
                    (System.nanoTime() - started) / 1_000_000,
                    s.blockCount());
        } catch (StoreException | RuntimeException e) {
            LOG.error("cannot open the time-series store at {}: {}", dir, e.getMessage(), e);
            return;
        }
        synchronized (this) {
            if (stopped) {
                return;
            }
            int every = Math.max(1, config.compactSeconds());
            background.scheduleWithFixedDelay(
                    () -> compact(config.compactOpenWindowBlocks()), every, every, TimeUnit.SECONDS);
            if (config.retentionDays() > 0) {
                background.scheduleWithFixedDelay(() -> retain(config.retentionDays()), 1, 60, TimeUnit.MINUTES);
            }
            int replay = Math.max(1, config.replaySeconds());
            background.scheduleWithFixedDelay(writer::replay, 0, replay, TimeUnit.SECONDS);
            background.scheduleWithFixedDelay(this::probe, replay, replay, TimeUnit.SECONDS);
            if (config.settlementLedger()) {
                registerLedger(context, dir);
            }
            if (config.auditTrail()) {
                registerAuditTrail(context, config);
            }
            backupRegistration = context.registerService(
                    StoreBackup.class, new DatabaseBackup(dataSource, dir, headFile(config), clock), null);
            // Last: the store's service says the store, its ledger and its audit trail are open (health's readiness).
            registration = context.registerService(TimeSeriesStore.class, new CurrentStore(recovery::store), null);
        }
    }

    /**
     * The audit trail on the same database, verified before it is offered. A broken trail is registered all the
     * same: its appends refuse (so the actions they record do not proceed) and its verify() names the problem.
     */
    private void registerAuditTrail(BundleContext context, Config config) {
        Path key = AuditFiles.keyFile(config.auditKeyFile());
        Path head = headFile(config);
        JdbcAuditTrail trail = JdbcAuditTrail.openVerified(dataSource, clock, key, head);
        if (trail != null) {
            Dictionary<String, Object> props = new Hashtable<>();
            props.put("gridhub.audit", "derby");
            auditRegistration = context.registerService(AuditTrail.class, trail, props);
        }
    }

    private static Path headFile(Config config) {
        return AuditFiles.headFile(config.auditHeadFile(), "audit.head");
    }

    /** The settlement ledger on the same database (its tables come with the store's migrations). */
    private void registerLedger(BundleContext context, Path dir) {
        try {
            JdbcSettlementLedger ledger = new JdbcSettlementLedger(dataSource, clock);
            Dictionary<String, Object> props = new Hashtable<>();
            props.put("gridhub.ledger", "derby");
            props.put(Constants.SERVICE_RANKING, 100);
            ledgerRegistration = context.registerService(SettlementLedger.class, ledger, props);
            LOG.info("settlement ledger open in {}", dir);
        } catch (SettlementException e) {
            LOG.error("cannot open the settlement ledger in {}: {}", dir, e.getMessage(), e);
        }
    }

    private static Path directory(Config config) {
        if (!config.directory().isBlank()) {
            return Path.of(config.directory()).toAbsolutePath();
        }
        String data = System.getProperty("karaf.data", "data");
        Path dir = Path.of(data, "gridhub", "store").toAbsolutePath();
        try {
            Files.createDirectories(dir.getParent());
        } catch (IOException e) {
            LOG.debug("cannot create {}", dir.getParent(), e);
        }
        return dir;
    }

    private void compact(int openThreshold) {
        if (recovery.problem() != null) {
            return; // the database is being reopened (one error said so)
        }
        try {
            int n = recovery.store().compact(openThreshold, true);
            LOG.debug("merged {} windows", n);
        } catch (StoreException | RuntimeException e) {
            LOG.warn("merging blocks failed", e);
        }
    }

    /** Finds a failure of the database while the store is idle (the store reports it, once, and it is reopened). */
    private void probe() {
        if (recovery.problem() == null) {
            try {
                recovery.store().probe();
            } catch (StoreException | RuntimeException e) {
                LOG.debug("probing the store's database failed", e);
            }
        }
    }

    private void retain(int days) {
        if (recovery.problem() != null) {
            return;
        }
        try {
            int n = recovery.store().deleteOlderThan(Duration.ofDays(days));
            if (n > 0) {
                LOG.info("retention: deleted {} blocks older than {} days", n, days);
            }
        } catch (StoreException | RuntimeException e) {
            LOG.warn("retention failed", e);
        }
    }

    @Deactivate
    void deactivate() throws InterruptedException {
        synchronized (this) {
            stopped = true;
            Registrations.unregister(backupRegistration, auditRegistration, ledgerRegistration, registration);
            if (subscription != null) {
                subscription.close();
            }
        }
        background.shutdown(); // lets an opening in progress finish, so Derby is not interrupted mid-boot
        if (!background.awaitTermination(60, TimeUnit.SECONDS)) {
            background.shutdownNow();
        }
        writer.close();
        recovery.close();
        // Closes the database cleanly, so the next start needs no recovery.
        dataSource.setShutdownDatabase("shutdown");
        try {
            dataSource.getConnection().close();
        } catch (SQLException e) {
            LOG.debug("database shut down: {}", e.getMessage()); // Derby reports a clean shutdown as an exception
        }
    }
}
