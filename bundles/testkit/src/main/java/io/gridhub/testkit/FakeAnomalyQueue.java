package io.gridhub.testkit;

import io.gridhub.api.anomaly.Anomaly;
import io.gridhub.api.anomaly.AnomalyFilter;
import io.gridhub.api.anomaly.AnomalyQueue;
import io.gridhub.api.anomaly.AnomalyState;
import io.gridhub.api.anomaly.Finding;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The triage queue in memory, for tests of code that files or shows anomalies: every report opens a new anomaly
 * ({@link #reported} keeps the findings, oldest first; no folding), {@link #list} filters like the hub's queue
 * (newest first), and a transition to another state is made ({@link #refuse} set: refused like a broken audit
 * trail). The hub's queue and its rules are in bundles/core.
 */
public class FakeAnomalyQueue implements AnomalyQueue {
    public final List<Finding> reported = new CopyOnWriteArrayList<>();
    public volatile boolean refuse;
    private final List<Anomaly> anomalies = new ArrayList<>();
    private final Clock clock;

    public FakeAnomalyQueue(Clock clock) {
        this.clock = clock;
    }

    @Override
    public synchronized Anomaly report(Finding finding) {
        reported.add(finding);
        Anomaly a = new Anomaly(
                anomalies.size() + 1, finding, 1, clock.instant(), clock.instant(), AnomalyState.NEW, List.of());
        anomalies.add(a);
        return a;
    }

    @Override
    public synchronized List<Anomaly> list(AnomalyFilter q) {
        return anomalies.stream()
                .filter(a -> q.community().isEmpty() || a.finding().community().equals(q.community()))
                .filter(a -> q.kind() == null || a.finding().kind() == q.kind())
                .filter(a -> q.state() == null || a.state() == q.state())
                .filter(a -> q.severity() == null || a.finding().severity() == q.severity())
                .filter(a -> q.point().isEmpty() || a.finding().points().contains(q.point()))
                .filter(a -> q.member().isEmpty() || a.finding().members().contains(q.member()))
                .sorted(Comparator.comparingLong(Anomaly::id).reversed())
                .limit(q.limit())
                .toList();
    }

    @Override
    public synchronized Optional<Anomaly> get(long id) {
        return id >= 1 && id <= anomalies.size() ? Optional.of(anomalies.get((int) id - 1)) : Optional.empty();
    }

    @Override
    public synchronized Anomaly transition(long id, AnomalyState state, String user, String comment) {
        Anomaly a = get(id).orElseThrow(() -> new IllegalArgumentException("no anomaly " + id));
        if (a.state() == state) {
            throw new IllegalArgumentException("anomaly " + id + " is " + state + " already");
        }
        if (refuse) {
            throw new IllegalStateException("not done: the audit trail refused to record it (test)");
        }
        List<Anomaly.Transition> history = new ArrayList<>(a.history());
        history.add(new Anomaly.Transition(clock.instant(), user, a.state(), state, comment));
        Anomaly b = new Anomaly(id, a.finding(), a.occurrences(), a.firstSeen(), a.lastSeen(), state, history);
        anomalies.set((int) id - 1, b);
        return b;
    }
}
