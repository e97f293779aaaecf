package io.gridhub.core.internal.anomaly;

import io.gridhub.api.anomaly.Anomaly;
import io.gridhub.api.anomaly.AnomalyFilter;
import io.gridhub.api.anomaly.AnomalyQueue;
import io.gridhub.api.anomaly.AnomalySeverity;
import io.gridhub.api.anomaly.AnomalyState;
import io.gridhub.api.anomaly.Finding;
import io.gridhub.api.audit.AuditException;
import io.gridhub.api.audit.AuditTrail;
import io.gridhub.api.concurrent.Daemons;
import io.gridhub.api.event.HubEvents;
import io.gridhub.api.event.Severity;
import io.gridhub.api.time.HubClock;
import io.gridhub.core.internal.StateFiles;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
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
 * The triage queue. A finding that duplicates an open anomaly (same community, kind, points and members, its
 * evidence window overlapping the anomaly's or within {@code foldGapSeconds} of it) is folded in: one more
 * occurrence, the window widened, {@code lastSeen} now, the severity raised to the finding's when higher. Anything
 * else opens a new anomaly in state {@code NEW}.
 *
 * <p>Transitions ({@link #ALLOWED}): {@code NEW} to any other state; {@code ACKNOWLEDGED} to {@code RESOLVED} or
 * {@code FALSE_POSITIVE}; a closed one ({@code RESOLVED}, {@code FALSE_POSITIVE}) back to {@code NEW} (reopened).
 * Each needs a user and a comment and is recorded in the audit trail (channel {@code anomaly}) before it is made: a
 * transition the trail refuses, or made while no trail runs, is not made.
 *
 * <p>A new anomaly of severity {@code HIGH} (or one raised to it by a duplicate) is an alert: an {@code ALARM} event
 * on the hub's event log (the live stream) and a post to its community's webhook ({@link Webhooks}), neither of
 * which delays {@link #report}. Memory is bounded: at most {@code maxClosed} closed anomalies are kept (the oldest
 * go first) and at most {@code maxOpen} open ones (beyond, the least severe that was seen longest ago goes, logged).
 * The queue is kept in {@code stateFile} ({@link AnomalyBook}), written a few seconds after a report and at once
 * after a transition.
 */
@Component(service = AnomalyQueue.class, configurationPid = AnomalyQueueImpl.PID)
@Designate(ocd = AnomalyQueueImpl.Config.class)
public final class AnomalyQueueImpl implements AnomalyQueue {
    static final String PID = "io.gridhub.core.anomalies";
    static final String CHANNEL = "anomaly";
    private static final Logger LOG = LoggerFactory.getLogger(AnomalyQueueImpl.class);
    private static final int MAX_COMMENT = 1000;
    private static final int MAX_USER = 200;

    /** The transitions a person may make, from each state. */
    static final Map<AnomalyState, Set<AnomalyState>> ALLOWED = Map.of(
            AnomalyState.NEW,
            EnumSet.of(AnomalyState.ACKNOWLEDGED, AnomalyState.RESOLVED, AnomalyState.FALSE_POSITIVE),
            AnomalyState.ACKNOWLEDGED,
            EnumSet.of(AnomalyState.RESOLVED, AnomalyState.FALSE_POSITIVE),
            AnomalyState.RESOLVED,
            EnumSet.of(AnomalyState.NEW),
            AnomalyState.FALSE_POSITIVE,
            EnumSet.of(AnomalyState.NEW));

    @ObjectClassDefinition(
            name = "gridhub anomaly triage queue",
            description = "Where detectors and the settlement checks file anomalies; alerts for HIGH ones")
    public @interface Config {
        @AttributeDefinition(
                required = false,
                description = "Where the queue is kept; empty: ${karaf.data}/gridhub/anomalies.json")
        String stateFile() default "";

        @AttributeDefinition(description = "Closed (resolved, false positive) anomalies kept; the oldest go first")
        int maxClosed() default 1000;

        @AttributeDefinition(description = "Open anomalies kept; beyond, the least severe seen longest ago goes")
        int maxOpen() default 5000;

        @AttributeDefinition(
                description = "A duplicate whose window starts at most this long after an open anomaly's ends (or "
                        + "ends this long before it starts) is folded in, seconds")
        int foldGapSeconds() default 300;

        @AttributeDefinition(
                required = false,
                description = "Alert webhooks: community=url, one per community (HIGH anomalies are posted as JSON)")
        String[] webhooks() default {};

        @AttributeDefinition(description = "Allow webhooks off this host (false: loopback addresses only)")
        boolean webhookRemote() default false;

        @AttributeDefinition(description = "Seconds a webhook post may take")
        int webhookTimeoutSeconds() default 5;

        @AttributeDefinition(description = "Attempts of a webhook post (retried after 1, 2, 4 … s)")
        int webhookAttempts() default 3;
    }

    private final Clock clock;
    private final AnomalyBook book;
    private final int maxClosed;
    private final int maxOpen;
    private final Duration foldGap;
    private final ScheduledExecutorService background;
    private final Webhooks webhooks;
    private boolean dirty;

    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile AuditTrail trail;

    @Reference(
            cardinality = ReferenceCardinality.OPTIONAL,
            policy = ReferencePolicy.DYNAMIC,
            policyOption = ReferencePolicyOption.GREEDY)
    volatile HubEvents events;

    @Activate
    public AnomalyQueueImpl(Config config, @Reference HubClock time) {
        this(config, time.clock(), AnomalyBook.at(StateFiles.of(config.stateFile(), "anomalies.json")));
        background.scheduleWithFixedDelay(this::flush, 2, 2, TimeUnit.SECONDS);
    }

    AnomalyQueueImpl(Config config, Clock clock, AnomalyBook book) {
        this.clock = clock;
        this.book = book;
        this.maxClosed = Math.max(0, config.maxClosed());
        this.maxOpen = Math.max(1, config.maxOpen());
        this.foldGap = Duration.ofSeconds(Math.max(0, config.foldGapSeconds()));
        this.background = Daemons.scheduler("gridhub-anomaly-queue");
        this.webhooks = new Webhooks(
                Webhooks.parse(config.webhooks(), config.webhookRemote()),
                Duration.ofSeconds(Math.max(1, config.webhookTimeoutSeconds())),
                config.webhookAttempts(),
                background);
    }

    @Deactivate
    void deactivate() {
        background.shutdownNow();
        flush();
    }

    /** Saves the book when a report changed it since the last save. */
    synchronized void flush() {
        if (dirty) {
            dirty = false;
            book.save();
        }
    }

    @Override
    public Anomaly report(Finding f) {
        Anomaly filed;
        boolean alert;
        synchronized (this) {
            Instant now = clock.instant();
            Anomaly open = duplicateOf(f);
            if (open == null) {
                filed = new Anomaly(book.nextId(), f, 1, now, now, AnomalyState.NEW, List.of());
                alert = f.severity() == AnomalySeverity.HIGH;
            } else {
                filed = fold(open, f, now);
                alert = filed.finding().severity() == AnomalySeverity.HIGH
                        && open.finding().severity() != AnomalySeverity.HIGH;
            }
            book.put(filed);
            bound();
            dirty = true;
        }
        if (alert) {
            alert(filed);
        }
        return filed;
    }

    private Anomaly duplicateOf(Finding f) {
        Set<String> points = new TreeSet<>(f.points());
        Set<String> members = new TreeSet<>(f.members());
        for (Anomaly a : book.all()) {
            Finding o = a.finding();
            if (a.state().open()
                    && o.community().equals(f.community())
                    && o.kind() == f.kind()
                    && new TreeSet<>(o.points()).equals(points)
                    && new TreeSet<>(o.members()).equals(members)
                    && !f.from().isAfter(o.to().plus(foldGap))
                    && !o.from().isAfter(f.to().plus(foldGap))) {
                return a;
            }
        }
        return null;
    }

    /** The open anomaly with one more occurrence: window widened, the higher severity and score. */
    private static Anomaly fold(Anomaly a, Finding f, Instant now) {
        Finding o = a.finding();
        AnomalySeverity severity = f.severity().compareTo(o.severity()) > 0 ? f.severity() : o.severity();
        Finding widened = new Finding(
                o.community(),
                o.kind(),
                severity,
                o.points(),
                o.members(),
                f.from().isBefore(o.from()) ? f.from() : o.from(),
                f.to().isAfter(o.to()) ? f.to() : o.to(),
                o.explanation(),
                Math.max(o.score(), f.score()),
                o.detector());
        return new Anomaly(a.id(), widened, a.occurrences() + 1, a.firstSeen(), now, a.state(), a.history());
    }

    /** Drops the oldest closed anomalies beyond {@code maxClosed}, and the least pressing open ones beyond max. */
    private void bound() {
        List<Anomaly> closed = new ArrayList<>();
        List<Anomaly> open = new ArrayList<>();
        for (Anomaly a : book.all()) {
            (a.state().open() ? open : closed).add(a);
        }
        for (int i = 0; i < closed.size() - maxClosed; i++) {
            book.remove(closed.get(i).id());
        }
        if (open.size() > maxOpen) {
            open.sort(Comparator.comparing((Anomaly a) -> a.finding().severity())
                    .thenComparing(Anomaly::lastSeen)
                    .thenComparing(Anomaly::id));
            for (int i = 0; i < open.size() - maxOpen; i++) {
                Anomaly a = open.get(i);
                book.remove(a.id());
                LOG.warn(
                        "anomaly queue full ({} open): anomaly {} ({} {} in {}) is dropped",
                        maxOpen,
                        a.id(),
                        a.finding().severity(),
                        a.finding().kind(),
                        a.finding().community());
            }
        }
    }

    private void alert(Anomaly a) {
        Finding f = a.finding();
        HubEvents log = events;
        if (log != null) {
            try {
                log.raise(
                        f.community(),
                        CHANNEL,
                        Severity.ALARM,
                        subject(a.id()),
                        "anomaly " + a.id() + " (" + f.kind() + ", " + f.severity() + "): " + f.explanation());
            } catch (RuntimeException e) {
                LOG.warn("anomaly {}: raising its event failed: {}", a.id(), e.toString());
            }
        }
        webhooks.post(a);
    }

    static String subject(long id) {
        return "anomaly/" + id;
    }

    @Override
    public synchronized List<Anomaly> list(AnomalyFilter filter) {
        return book.all().stream()
                .filter(a -> matches(a, filter))
                .sorted(Comparator.comparing(Anomaly::lastSeen)
                        .thenComparing(Anomaly::id)
                        .reversed())
                .limit(filter.limit())
                .toList();
    }

    static boolean matches(Anomaly a, AnomalyFilter q) {
        Finding f = a.finding();
        return (q.community().isEmpty() || f.community().equals(q.community()))
                && (q.kind() == null || f.kind() == q.kind())
                && (q.state() == null || a.state() == q.state())
                && (q.severity() == null || f.severity() == q.severity())
                && (q.point().isEmpty() || f.points().contains(q.point()))
                && (q.member().isEmpty() || f.members().contains(q.member()));
    }

    @Override
    public synchronized Optional<Anomaly> get(long id) {
        return Optional.ofNullable(book.get(id));
    }

    @Override
    public Anomaly transition(long id, AnomalyState state, String user, String comment) {
        if (state == null) {
            throw new IllegalArgumentException("state: one of " + List.of(AnomalyState.values()));
        }
        if (user == null || user.isBlank() || user.length() > MAX_USER) {
            throw new IllegalArgumentException("user: who makes the transition (1 to " + MAX_USER + " characters)");
        }
        if (comment == null || comment.isBlank() || comment.length() > MAX_COMMENT) {
            throw new IllegalArgumentException(
                    "comment: why, in 1 to " + MAX_COMMENT + " characters (every transition says why)");
        }
        Anomaly changed;
        synchronized (this) {
            Anomaly a = book.get(id);
            if (a == null) {
                throw new IllegalArgumentException("no anomaly " + id);
            }
            if (!ALLOWED.get(a.state()).contains(state)) {
                throw new IllegalArgumentException("anomaly " + id + " is " + name(a.state()) + ": it can go to "
                        + ALLOWED.get(a.state()).stream()
                                .map(AnomalyQueueImpl::name)
                                .toList() + ", not "
                        + name(state));
            }
            audit(a, state, user, comment);
            List<Anomaly.Transition> history = new ArrayList<>(a.history());
            history.add(new Anomaly.Transition(clock.instant(), user, a.state(), state, comment));
            changed = new Anomaly(a.id(), a.finding(), a.occurrences(), a.firstSeen(), a.lastSeen(), state, history);
            book.put(changed);
            bound();
            dirty = false;
            book.save();
        }
        return changed;
    }

    private void audit(Anomaly a, AnomalyState to, String user, String comment) {
        AuditTrail t = trail;
        if (t == null) {
            throw new IllegalStateException(
                    "not done: no audit trail is running (feature gridhub-store), and every transition is audited");
        }
        Finding f = a.finding();
        String detail = f.kind() + " in " + f.community() + " " + f.points() + " " + f.members() + ": "
                + name(a.state()) + " -> " + name(to) + ": " + comment;
        try {
            t.append(user, CHANNEL, "anomaly." + name(to), subject(a.id()), name(to), detail);
        } catch (AuditException | RuntimeException e) {
            throw new IllegalStateException("not done: the audit trail refused to record it (" + e.getMessage() + ")");
        }
    }

    /** A state as the API writes it: lower case, e.g. {@code false_positive}. */
    static String name(AnomalyState s) {
        return s.name().toLowerCase(Locale.ROOT);
    }

    Webhooks.Counts webhookCounts() {
        return webhooks.counts();
    }
}
