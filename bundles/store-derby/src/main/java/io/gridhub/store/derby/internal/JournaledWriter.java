package io.gridhub.store.derby.internal;

import io.gridhub.api.bus.SampleListener;
import io.gridhub.api.model.PointId;
import io.gridhub.api.model.Quality;
import io.gridhub.api.model.Sample;
import io.gridhub.api.store.StoreException;
import io.gridhub.api.store.TimeSeriesStore;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The store's bus subscription. Each batch goes to the store; while the store is not open yet, holds its writes or
 * fails, it goes to the {@link SampleJournal} (on disk when {@link #onSamples} returns) instead, and
 * {@link #replay()} moves the journal into the store once the store takes writes again. What neither takes (the
 * journal is full or fails) is lost: counted per point, and written to the store as a gap marker per point when it
 * is back (an INVALID sample, reason OVERFLOW, at the first lost time, saying how many samples were lost until when),
 * which settlement's reading of good samples sees as missing data. One log line per change of state.
 *
 * <p>Both stores use it: the PostgreSQL bundle embeds this class and {@link SampleJournal} privately (its pom takes
 * them from this bundle's jar, as it does the ledger and the audit trail), so a central hub keeps the samples its
 * database could not take while the server is away.
 */
public final class JournaledWriter implements SampleListener {
    private static final Logger LOG = LoggerFactory.getLogger(JournaledWriter.class);
    /** Samples per store transaction in a replay. */
    private static final int REPLAY_BATCH = 50_000;

    /** Samples of one point that were lost, and their time span. */
    record Lost(long count, Instant first, Instant last) {
        Lost plus(Lost o) {
            return new Lost(
                    count + o.count, first.isBefore(o.first) ? first : o.first, last.isAfter(o.last) ? last : o.last);
        }
    }

    private enum State {
        STORING,
        OPENING,
        JOURNALING,
        LOSING
    }

    /** The store as the writer sees it. */
    public interface Target extends TimeSeriesStore {
        /** A batch from the bus (a store may skip what it stored already on another path). */
        default void appendFromBus(List<Sample> batch) throws StoreException {
            append(batch);
        }

        /** Why the store's database failed as a whole and is being reopened, or null: the replay waits for it. */
        default String failed() {
            return null;
        }
    }

    private final Supplier<? extends Target> store;
    private final SampleJournal journal;
    private final Clock clock;
    private final Map<PointId, Lost> lost = new LinkedHashMap<>();
    private final AtomicLong journaled = new AtomicLong();
    private final AtomicLong replayed = new AtomicLong();
    private final AtomicLong lostTotal = new AtomicLong();
    private final AtomicLong missed = new AtomicLong();
    private volatile boolean hold;
    private boolean replayFailing;
    private State state = State.STORING;

    /**
     * {@code store}: the open store, null while it opens; {@code journal}: null when it could not be opened (what
     * the store does not take is lost then).
     */
    public JournaledWriter(Supplier<? extends Target> store, SampleJournal journal, Clock clock) {
        this.store = store;
        this.journal = journal;
        this.clock = clock;
    }

    /** While true, the bus's samples go to the journal only (maintenance); the replay waits. */
    public void hold(boolean on) {
        if (hold != on) {
            hold = on;
            LOG.info(on ? "store writes held: the bus's samples go to the journal" : "store writes released");
        }
    }

    @Override
    public void onSamples(List<Sample> samples) {
        Target s = store.get();
        String why = s == null ? "the store is not open yet" : "the store's writes are held";
        if (s != null && !hold) {
            try {
                s.appendFromBus(samples);
                state(State.STORING, "store writes again");
                return;
            } catch (StoreException | RuntimeException e) {
                why = "the store failed: " + e.getMessage();
            }
        }
        List<Sample> refused = samples;
        String problem = "there is no journal";
        if (journal != null) {
            try {
                refused = journal.append(samples);
                journaled.addAndGet(samples.size() - refused.size());
                problem = "the journal in " + journal.directory() + " is full";
            } catch (IOException e) {
                problem = "the journal in " + journal.directory() + " failed: " + e.getMessage();
            }
        }
        if (refused.isEmpty()) {
            // Every start journals what comes while the database opens: no warning for that.
            state(
                    s == null ? State.OPENING : State.JOURNALING,
                    "samples go to the journal in " + journal.directory() + " (" + why + ")");
        } else {
            lose(refused);
            state(
                    State.LOSING,
                    "samples are LOST (counted per point, marked as gaps when the store is back): " + why + "; "
                            + problem);
        }
    }

    @Override
    public void onMissed(long count) {
        missed.addAndGet(count);
        LOG.warn("store fell behind the bus: {} samples were not stored (bus queue full)", count);
    }

    private synchronized void state(State next, String message) {
        if (state == next) {
            return;
        }
        state = next;
        if (next == State.STORING || next == State.OPENING) {
            LOG.info(message);
        } else if (next == State.JOURNALING) {
            LOG.warn(message);
        } else {
            LOG.error(message);
        }
    }

    private synchronized void lose(List<Sample> samples) {
        for (Sample s : samples) {
            lost.merge(s.point(), new Lost(1, s.sourceTime(), s.sourceTime()), Lost::plus);
        }
        lostTotal.addAndGet(samples.size());
    }

    /**
     * Moves the journal into the store when the store is open and takes writes: segment by segment, each removed
     * once stored; samples the store has already (same point, source time and value: a replay a crash interrupted)
     * are not stored twice. Then the gap markers of what was lost. Runs on one thread (the store's background).
     *
     * @return samples stored by this replay
     */
    public long replay() {
        Target s = store.get();
        if (s == null || hold || s.failed() != null) {
            return 0; // a failed store's database is being reopened: the new store gets the journal
        }
        long stored = 0;
        try {
            if (journal != null && !journal.isEmpty()) {
                for (Path segment : journal.seal()) {
                    List<Sample> all = SampleJournal.read(segment);
                    for (int i = 0; i < all.size(); i += REPLAY_BATCH) {
                        List<Sample> todo = notStored(s, all.subList(i, Math.min(all.size(), i + REPLAY_BATCH)));
                        s.append(todo);
                        stored += todo.size();
                    }
                    journal.remove(segment);
                }
                LOG.info("replayed the journal: {} samples stored", stored);
                replayed.addAndGet(stored);
            }
            markGaps(s);
            replayFailing = false;
        } catch (StoreException | IOException | RuntimeException e) {
            // Caught whatever it is: the replay runs on a schedule that one exception would end. One warning until a
            // replay works again (a database server that is away fails every one).
            if (!replayFailing) {
                LOG.warn("replaying the journal failed ({} samples stored so far); trying again later", stored, e);
            } else {
                LOG.debug("replaying the journal failed again ({} samples stored so far)", stored, e);
            }
            replayFailing = true;
        }
        return stored;
    }

    private static List<Sample> notStored(Target s, List<Sample> samples) throws StoreException {
        Map<PointId, List<Sample>> byPoint = new LinkedHashMap<>();
        for (Sample x : samples) {
            byPoint.computeIfAbsent(x.point(), k -> new ArrayList<>()).add(x);
        }
        List<Sample> out = new ArrayList<>(samples.size());
        for (Map.Entry<PointId, List<Sample>> e : byPoint.entrySet()) {
            Instant from = Instant.MAX;
            Instant to = Instant.MIN;
            for (Sample x : e.getValue()) {
                from = x.sourceTime().isBefore(from) ? x.sourceTime() : from;
                to = x.sourceTime().isAfter(to) ? x.sourceTime() : to;
            }
            Set<Key> have = new HashSet<>();
            for (Sample x : s.range(e.getKey(), from, to.plusNanos(1))) {
                have.add(Key.of(x));
            }
            for (Sample x : e.getValue()) {
                if (!have.contains(Key.of(x))) {
                    out.add(x);
                }
            }
        }
        return out;
    }

    private record Key(Instant time, long value) {
        static Key of(Sample s) {
            return new Key(s.sourceTime(), Double.doubleToLongBits(s.value()));
        }
    }

    private void markGaps(Target s) throws StoreException {
        Map<PointId, Lost> gaps;
        synchronized (this) {
            if (lost.isEmpty()) {
                return;
            }
            gaps = new LinkedHashMap<>(lost);
            lost.clear();
        }
        Instant now = clock.instant();
        List<Sample> markers = new ArrayList<>(gaps.size());
        gaps.forEach((p, l) -> markers.add(marker(p, l, now)));
        try {
            s.append(markers);
            LOG.warn("lost samples marked as gaps in the store: {} points, {} samples", gaps.size(), total(gaps));
        } catch (StoreException e) {
            synchronized (this) {
                gaps.forEach((p, l) -> lost.merge(p, l, Lost::plus));
            }
            throw e;
        }
    }

    private static long total(Map<PointId, Lost> gaps) {
        return gaps.values().stream().mapToLong(Lost::count).sum();
    }

    /** The sample that says {@code l}'s samples of {@code point} were lost. */
    static Sample marker(PointId point, Lost l, Instant now) {
        return new Sample(
                point,
                Double.NaN,
                Quality.invalid(
                        Quality.Reason.OVERFLOW,
                        "gap: " + l.count() + " samples from " + l.first() + " to " + l.last() + " were lost (the "
                                + "store could not take them and the journal was full or failing)"),
                l.first(),
                now);
    }

    /** Closes the journal's segment being written (the component stops). */
    public void close() {
        if (journal != null) {
            try {
                journal.close();
            } catch (IOException e) {
                LOG.debug("closing the journal", e);
            }
        }
    }

    /** Lost samples per point not yet marked in the store. */
    synchronized Map<PointId, Lost> unmarkedLosses() {
        return Map.copyOf(lost);
    }

    public long journaled() {
        return journaled.get();
    }

    public long replayed() {
        return replayed.get();
    }

    /** Samples lost since the start: refused by the journal, or missed because the bus queue was full. */
    public long lost() {
        return lostTotal.get() + missed.get();
    }
}
