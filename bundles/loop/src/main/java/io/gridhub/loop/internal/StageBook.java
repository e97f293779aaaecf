package io.gridhub.loop.internal;

import io.gridhub.api.loop.LoopStage;
import io.gridhub.api.loop.StageListener;
import io.gridhub.api.loop.StageOutcome;
import io.gridhub.api.loop.StageRun;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The last run of every stage per community, and the one place that logs a stage's trouble: one warning when a
 * stage's outcome or reason changes for the worse, one info line when it is fine again (not one per cycle). Every
 * run recorded goes to the {@link StageListener}s, as it is recorded.
 */
final class StageBook {
    private static final Logger LOG = LoggerFactory.getLogger(StageBook.class);
    private final Map<String, Map<LoopStage, StageRun>> runs = new ConcurrentHashMap<>();
    private final List<StageListener> listeners = new CopyOnWriteArrayList<>();
    private final Clock clock;

    StageBook(Clock clock) {
        this.clock = clock;
    }

    /** A running stage: call {@link Timer#done} once with its outcome. */
    Timer start(String community, LoopStage stage, long cycle) {
        return new Timer(community, stage, cycle, clock.instant(), System.nanoTime());
    }

    void addListener(StageListener l) {
        listeners.add(l);
    }

    void removeListener(StageListener l) {
        listeners.remove(l);
    }

    /** Records a stage whose run threw before it could say more: no time taken. */
    void failed(String community, LoopStage stage, long cycle, String reason) {
        record(
                community,
                new StageRun(stage, cycle, clock.instant(), Duration.ZERO, StageOutcome.FAILED, reason, "", ""));
    }

    void record(String community, StageRun run) {
        for (StageListener l : listeners) {
            try {
                l.stageRan(community, run);
            } catch (RuntimeException e) {
                // A listener's trouble is its own: the stage ran all the same.
                LOG.debug("stage listener {} failed", l, e);
            }
        }
        Map<LoopStage, StageRun> m = runs.computeIfAbsent(community, k -> new EnumMap<>(LoopStage.class));
        StageRun before;
        synchronized (m) {
            before = m.put(run.stage(), run);
        }
        boolean bad = run.outcome() == StageOutcome.FAILED || run.outcome() == StageOutcome.DEGRADED;
        boolean wasBad = before != null
                && (before.outcome() == StageOutcome.FAILED || before.outcome() == StageOutcome.DEGRADED);
        if (bad
                && (before == null
                        || before.outcome() != run.outcome()
                        || !before.reason().equals(run.reason()))) {
            LOG.warn("{} {} {}: {}", community, run.stage().name().toLowerCase(), run.outcome(), run.reason());
        } else if (!bad && wasBad) {
            LOG.info("{} {} works again: {}", community, run.stage().name().toLowerCase(), run.reason());
        }
    }

    List<StageRun> stages(String community) {
        Map<LoopStage, StageRun> m = runs.get(community);
        if (m == null) {
            return List.of();
        }
        synchronized (m) {
            return new ArrayList<>(m.values());
        }
    }

    final class Timer {
        private final String community;
        private final LoopStage stage;
        private final long cycle;
        private final Instant start;
        private final long nanos;

        private Timer(String community, LoopStage stage, long cycle, Instant start, long nanos) {
            this.community = community;
            this.stage = stage;
            this.cycle = cycle;
            this.start = start;
            this.nanos = nanos;
        }

        StageRun done(StageOutcome outcome, String reason, String strategy, String version) {
            return done(outcome, reason, strategy, version, null);
        }

        /** Done, with the time the strategy's solver took within the stage (null: no solver ran). */
        StageRun done(StageOutcome outcome, String reason, String strategy, String version, Duration solveTime) {
            StageRun r = new StageRun(
                    stage,
                    cycle,
                    start,
                    Duration.ofNanos(System.nanoTime() - nanos),
                    outcome,
                    reason,
                    strategy,
                    version,
                    solveTime);
            record(community, r);
            return r;
        }

        StageRun done(StageOutcome outcome, String reason) {
            return done(outcome, reason, "", "");
        }
    }
}
