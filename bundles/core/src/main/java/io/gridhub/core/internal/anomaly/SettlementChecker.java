package io.gridhub.core.internal.anomaly;

import io.gridhub.api.anomaly.AnomalyQueue;
import io.gridhub.api.anomaly.Finding;
import io.gridhub.api.concurrent.Daemons;
import io.gridhub.api.settlement.SettlementException;
import io.gridhub.api.settlement.SettlementLedger;
import io.gridhub.api.settlement.SettlementListener;
import io.gridhub.api.settlement.SettlementRun;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the {@link SettlementChecks} on every run the settlement service records, on a thread of its own (the
 * settlement never waits; at most {@link #BACKLOG} runs wait, more are skipped with a warning), and files what they
 * find in the {@link AnomalyQueue}. The version before the run and the latest versions of up to
 * {@code profileHistoryPeriods} earlier periods come from the ledger.
 */
@Component(service = SettlementListener.class, configurationPid = SettlementChecker.PID)
@Designate(ocd = SettlementChecker.Config.class)
public final class SettlementChecker implements SettlementListener {
    static final String PID = "io.gridhub.core.settlementchecks";
    static final int BACKLOG = 64;
    private static final Logger LOG = LoggerFactory.getLogger(SettlementChecker.class);

    @ObjectClassDefinition(
            name = "gridhub settlement checks",
            description = "Checks every recorded settlement and files anomalies in the triage queue")
    public @interface Config {
        @AttributeDefinition(description = "Shares may differ from the lines' total by this much, EUR")
        double shareToleranceEur() default 0.01;

        @AttributeDefinition(
                description = "A member's statement may change between versions by this fraction of it (and by "
                        + "statementChangeEur) before it is flagged")
        double statementChangeFraction() default 0.2;

        @AttributeDefinition(description = "... and by this much, EUR")
        double statementChangeEur() default 1.0;

        @AttributeDefinition(
                description = "A member's consumption or generation over a period more than this many times (or "
                        + "less than 1/this) its median over earlier periods is flagged")
        double profileFactor() default 3.0;

        @AttributeDefinition(description = "Earlier settled periods compared with (the latest ones)")
        int profileHistoryPeriods() default 14;

        @AttributeDefinition(description = "Earlier periods needed before a member's profile is checked")
        int profileMinPeriods() default 3;

        @AttributeDefinition(description = "Energies below this (now and the median) are never flagged, kWh")
        double profileMinKWh() default 1.0;
    }

    private final SettlementLedger ledger;
    private final AnomalyQueue queue;
    private final SettlementChecks checks;
    private final int historyPeriods;
    private final ThreadPoolExecutor worker;

    @Activate
    public SettlementChecker(Config config, @Reference SettlementLedger ledger, @Reference AnomalyQueue queue) {
        this.ledger = ledger;
        this.queue = queue;
        this.checks = new SettlementChecks(new SettlementChecks.Limits(
                config.shareToleranceEur(),
                config.statementChangeFraction(),
                config.statementChangeEur(),
                config.profileFactor(),
                config.profileMinPeriods(),
                config.profileMinKWh()));
        this.historyPeriods = Math.max(0, config.profileHistoryPeriods());
        this.worker = new ThreadPoolExecutor(
                1,
                1,
                0,
                TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(BACKLOG),
                Daemons.threads("gridhub-settlement-checks"));
    }

    @Deactivate
    void deactivate() {
        worker.shutdownNow();
    }

    @Override
    public void settled(SettlementRun run) {
        try {
            worker.execute(() -> check(run));
        } catch (RejectedExecutionException e) {
            LOG.warn(
                    "settlement checks: {} runs wait already, version {} of {} {} is not checked",
                    BACKLOG,
                    run.version(),
                    run.communityId(),
                    run.period());
        }
    }

    /** Checks one run and files the findings; returns them (tests). */
    List<Finding> check(SettlementRun run) {
        try {
            SettlementRun previous = run.version() > 1
                    ? ledger.version(run.communityId(), run.period(), run.version() - 1)
                            .orElse(null)
                    : null;
            List<Finding> found = checks.check(run, previous, earlier(run));
            found.forEach(queue::report);
            return found;
        } catch (SettlementException | RuntimeException e) {
            LOG.warn(
                    "settlement checks of version {} of {} {} failed: {}",
                    run.version(),
                    run.communityId(),
                    run.period(),
                    e.toString());
            return List.of();
        }
    }

    /** The latest versions of the periods before the run's, newest first, at most {@code historyPeriods}. */
    private List<SettlementRun> earlier(SettlementRun run) throws SettlementException {
        List<String> periods = ledger.periods(run.communityId());
        int at = periods.indexOf(run.period());
        int end = at < 0 ? periods.size() : at;
        List<SettlementRun> out = new ArrayList<>();
        for (int i = end - 1; i >= 0 && out.size() < historyPeriods; i--) {
            ledger.latest(run.communityId(), periods.get(i)).ifPresent(out::add);
        }
        return out;
    }
}
