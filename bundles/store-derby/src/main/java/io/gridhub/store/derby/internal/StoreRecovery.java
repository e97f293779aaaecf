package io.gridhub.store.derby.internal;

import io.gridhub.api.store.StoreException;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.derby.jdbc.EmbeddedDataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the store open across a failure of its whole database (the disk filled: Derby shuts the database and every
 * statement fails, "containerCache is null", until it is booted again; see {@link DatabaseFailure}). When the open
 * store reports such a failure, the database is shut down and booted again on a bounded schedule (after
 * {@code first}, then twice as long each time, at most {@code most} apart) until a new {@link DerbyStore} opens on
 * it. Meanwhile the failed store refuses every call with the reason (pushes get 503, the bus's samples go to the
 * journal, health is not ready), and so do the ledger and the audit trail, which take a new connection from the same
 * data source for each call and so work again once the database is back. Nothing acknowledged is lost: an
 * acknowledged append was committed, and Derby's recovery at boot keeps every commit.
 */
final class StoreRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(StoreRecovery.class);

    private final EmbeddedDataSource dataSource;
    private final Clock clock;
    private final ScheduledExecutorService background;
    private final Duration first;
    private final Duration most;
    private volatile DerbyStore store;
    private volatile String problem;
    private volatile boolean stopped;
    private Instant failedAt;
    private int attempts;
    private int recoveries;
    private Duration lastRecovery;

    /**
     * @param background the thread that reopens the database (the component's background)
     * @param first      the wait before the first attempt to boot it again
     * @param most       the longest wait between two attempts
     */
    StoreRecovery(
            EmbeddedDataSource dataSource,
            Clock clock,
            ScheduledExecutorService background,
            Duration first,
            Duration most) {
        this.dataSource = dataSource;
        this.clock = clock;
        this.background = background;
        this.first = first;
        this.most = most;
    }

    /** Opens the store (the first time); the caller handles a failure. */
    DerbyStore open() throws StoreException {
        DerbyStore s = new DerbyStore(dataSource, clock, this::failed);
        store = s;
        return s;
    }

    /** The store: the open one, or the failed one (which refuses with the reason) while the database is reopened. */
    DerbyStore store() {
        return store;
    }

    /** Why the store does not work now, null when it does. */
    String problem() {
        return problem;
    }

    /** Times the database was reopened after it failed. */
    synchronized int recoveries() {
        return recoveries;
    }

    /** How long the last recovery took, from the failure to the store open again; null before the first. */
    synchronized Duration lastRecovery() {
        return lastRecovery;
    }

    /** The open store's database failed: reopen it in the background. */
    private void failed(SQLException cause) {
        synchronized (this) {
            if (problem != null || stopped) {
                return;
            }
            failedAt = clock.instant();
            attempts = 0;
            problem = "the database failed (" + DatabaseFailure.reason(cause) + ") at " + failedAt
                    + "; it is being reopened";
        }
        DerbyStore old = store;
        background.execute(() -> {
            old.close();
            schedule(first);
        });
    }

    private void schedule(Duration delay) {
        if (!stopped) {
            background.schedule(this::attempt, delay.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void attempt() {
        if (stopped) {
            return;
        }
        int n;
        synchronized (this) {
            n = ++attempts;
        }
        shutdown(); // a database Derby still counts as booted would never be booted again
        try {
            DerbyStore s = new DerbyStore(dataSource, clock, this::failed);
            Duration took;
            synchronized (this) {
                took = Duration.between(failedAt, clock.instant());
                recoveries++;
                lastRecovery = took;
                store = s;
                problem = null;
            }
            LOG.warn("the store's database is open again after {} ms ({} attempts)", took.toMillis(), n);
        } catch (StoreException | RuntimeException e) {
            Duration next = first.multipliedBy(1L << Math.min(n, 20));
            next = next.compareTo(most) > 0 ? most : next;
            problem = "the database failed at " + failedAt + " and cannot be reopened yet (attempt " + n + ": "
                    + e.getMessage() + "); next attempt in " + next.toSeconds() + " s";
            LOG.debug("reopening the store's database failed (attempt {})", n, e);
            schedule(next);
        }
    }

    /** Shuts the database down, when it is booted (through a data source of its own: the shared one stays usable). */
    private void shutdown() {
        EmbeddedDataSource ds = new EmbeddedDataSource();
        ds.setDatabaseName(dataSource.getDatabaseName());
        LedgerDatabase.shutdown(ds);
    }

    /** No more attempts (the component stops); closes the store. */
    void close() {
        stopped = true;
        DerbyStore s = store;
        if (s != null) {
            s.close();
        }
    }
}
