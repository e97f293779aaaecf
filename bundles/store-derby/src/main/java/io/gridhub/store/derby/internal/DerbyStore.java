package io.gridhub.store.derby.internal;

import io.gridhub.api.bus.SampleBus;
import io.gridhub.api.model.PointId;
import io.gridhub.api.model.Sample;
import io.gridhub.api.store.Bucket;
import io.gridhub.api.store.BucketsAndGaps;
import io.gridhub.api.store.QualityGap;
import io.gridhub.api.store.StoreException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.ReentrantLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Consumer;
import java.util.function.LongPredicate;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The time-series store on one database: blocks of compressed samples per point and window, each point's window
 * as wide as its cadence calls for (see {@link Windows}, {@link BlockCodec} and the V1 and V5 migrations). One
 * write connection, used under one lock, writes every batch as one transaction, so an append returns only after its
 * commit, whether its window is open or not; queries use their own connections. The small blocks of a window are
 * merged later by {@link #compact}; a per-point read/write lock keeps a query from seeing a window half merged. An
 * open window's merge takes its new blocks and leaves the blocks earlier merges wrote unless they are no larger
 * (size tiers), so a busy window is not rewritten whole on every pass; a closed one is merged whole, once.
 * All SQL here is portable (no Derby-only syntax).
 */
public final class DerbyStore implements JournaledWriter.Target, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DerbyStore.class);
    private static final int LOCK_STRIPES = 64;
    private static final long DIRECT_EXPIRY_NANOS = Duration.ofMinutes(5).toNanos();
    /** Times the open-window threshold a window may collect while appends keep the writer busy. */
    static final int BUSY_DEFERRAL = 8;

    private static final long BUSY_SAMPLE_NANOS = Duration.ofSeconds(1).toNanos();

    private final DataSource dataSource;
    private final Clock clock;
    /**
     * Fair: an append waiting for it goes before the next merge of a pass (unfair, the merging thread took it back
     * at once, window after window, and pushes waited for most of a pass).
     */
    private final ReentrantLock writeLock = new ReentrantLock(true);

    private final Connection writer;
    private final PreparedStatement insertBlock;
    private final PreparedStatement insertPoint;
    private final PreparedStatement choosePointWindow;
    private final Windows windows = new Windows();
    private final ConcurrentLinkedQueue<Connection> readers = new ConcurrentLinkedQueue<>();
    private final Map<PointId, Integer> pointIds = new ConcurrentHashMap<>();
    private final ReentrantReadWriteLock[] stripes = new ReentrantReadWriteLock[LOCK_STRIPES];
    /** Windows written since their last merge, with the number of blocks each holds (at least). */
    private final Map<WindowKey, Integer> dirty = new ConcurrentHashMap<>();
    /**
     * The blocks merges wrote into each open window, oldest (and largest) first, read and written by
     * {@link #compact} only: the window holds these and the blocks appended after the last of them.
     */
    private final Map<WindowKey, List<Tier>> tiers = new ConcurrentHashMap<>();
    /** Samples stored by appendAndPublish, so the bus subscription does not store them again. */
    private final Map<Sample, Long> direct = Collections.synchronizedMap(new IdentityHashMap<>());

    private final Consumer<SQLException> onFatal;
    private final LongAdder blocksRead = new LongAdder();

    /** Time appends held the writer, in nanoseconds (how busy it is, for {@link #appendsBusy}). */
    private final AtomicLong appendNanos = new AtomicLong();
    /** {@link #appendsBusy}'s last sample, on the compacting thread only. */
    private long sampledAt = System.nanoTime();

    private long appendNanosAt;
    private boolean busy;

    private int nextPointId;
    private long nextBlockId;
    private volatile boolean closed;
    /** Why the database failed as a whole (see {@link DatabaseFailure}), once it has: every call refuses then. */
    private volatile String failed;

    record WindowKey(int pointId, long windowStart) {}

    /** A block a merge wrote into an open window. */
    record Tier(long blockId, int samples) {}

    /** Opens the store on a data source, migrating the schema first (Flyway). */
    public DerbyStore(DataSource dataSource, Clock clock) throws StoreException {
        this(dataSource, clock, e -> {});
    }

    /**
     * Opens the store; {@code onFatal} hears, once, of the first failure that took the whole database down
     * ({@link DatabaseFailure}): from then on this store refuses every call, and only a new one on a database booted
     * again ({@link StoreRecovery}) works.
     */
    DerbyStore(DataSource dataSource, Clock clock, Consumer<SQLException> onFatal) throws StoreException {
        this.dataSource = dataSource;
        this.clock = clock;
        this.onFatal = onFatal;
        for (int i = 0; i < LOCK_STRIPES; i++) {
            stripes[i] = new ReentrantReadWriteLock();
        }
        Migrations.migrate(dataSource);
        try {
            writer = dataSource.getConnection();
            writer.setAutoCommit(false);
            insertBlock = writer.prepareStatement("INSERT INTO ts_block (block_id, point_id, window_start, "
                    + "first_time, last_time, sample_count, encoding, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?)");
            insertPoint = writer.prepareStatement("INSERT INTO ts_point (point_id, name) VALUES (?, ?)");
            choosePointWindow = writer.prepareStatement(
                    "UPDATE ts_point SET window_nanos = ?, window_since = ? WHERE point_id = ?");
            try (Statement st = writer.createStatement()) {
                try (ResultSet rs =
                        st.executeQuery("SELECT point_id, name, window_nanos, window_since FROM ts_point")) {
                    while (rs.next()) {
                        pointIds.put(PointId.of(rs.getString(2)), rs.getInt(1));
                        nextPointId = Math.max(nextPointId, rs.getInt(1) + 1);
                        long width = rs.getLong(3);
                        if (!rs.wasNull()) {
                            windows.restore(rs.getInt(1), rs.getLong(4), width);
                        }
                    }
                }
                try (ResultSet rs = st.executeQuery("SELECT MAX(block_id) FROM ts_block")) {
                    rs.next();
                    nextBlockId = rs.getLong(1) + 1;
                }
            }
            writer.commit();
            findUnmergedWindows(Duration.ofNanos(Windows.WIDEST).plusDays(2));
        } catch (SQLException e) {
            throw new StoreException("cannot open the time-series store: " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- writing

    @Override
    public void append(List<Sample> samples) throws StoreException {
        if (samples.isEmpty()) {
            return;
        }
        Map<PointId, List<Sample>> byPoint = new LinkedHashMap<>();
        for (Sample s : samples) {
            byPoint.computeIfAbsent(s.point(), k -> new ArrayList<>()).add(s);
        }
        List<WindowKey> written = new ArrayList<>();
        List<PointId> created = new ArrayList<>();
        List<Integer> chosen = new ArrayList<>();
        writeLock.lock();
        long locked = System.nanoTime();
        try {
            checkOpen();
            try {
                for (Map.Entry<PointId, List<Sample>> e : byPoint.entrySet()) {
                    int id = pointId(e.getKey(), created);
                    List<Sample> points = sorted(e.getValue());
                    chooseWindow(id, points, chosen, written);
                    for (List<Sample> block : windows(id, points)) {
                        written.add(addBlock(id, block));
                    }
                }
                insertBlock.executeBatch();
                writer.commit();
            } catch (SQLException | ArithmeticException e) {
                rollback();
                created.forEach(pointIds::remove);
                chosen.forEach(windows::forget);
                throw failure("append of " + samples.size() + " samples", e);
            }
        } finally {
            appendNanos.addAndGet(System.nanoTime() - locked);
            writeLock.unlock();
        }
        for (WindowKey k : written) {
            dirty.merge(k, 1, Integer::sum);
        }
    }

    @Override
    public void appendAndPublish(List<Sample> samples, SampleBus bus) throws StoreException {
        Long now = System.nanoTime();
        for (Sample s : samples) {
            direct.put(s, now);
        }
        try {
            append(samples);
        } catch (StoreException | RuntimeException e) {
            samples.forEach(direct::remove);
            throw e;
        }
        bus.publish(samples);
    }

    /**
     * A batch from the bus: stores what {@link #appendAndPublish} has not stored already (the component's
     * subscription calls it).
     */
    @Override
    public void appendFromBus(List<Sample> batch) throws StoreException {
        List<Sample> todo = batch;
        if (!direct.isEmpty()) {
            todo = new ArrayList<>(batch.size());
            synchronized (direct) {
                for (Sample s : batch) {
                    if (direct.remove(s) == null) {
                        todo.add(s);
                    }
                }
                // Samples the subscription missed (queue full) would otherwise stay here forever.
                long cutoff = System.nanoTime() - DIRECT_EXPIRY_NANOS;
                direct.values().removeIf(t -> t - cutoff < 0);
            }
        }
        append(todo);
    }

    /**
     * Watches the point's cadence while its window width is open, and once it is known keeps the choice in the
     * running transaction (the caller forgets it on rollback).
     */
    private void chooseWindow(int pointId, List<Sample> sorted, List<Integer> chosen, List<WindowKey> written)
            throws SQLException {
        if (windows.regime(pointId) != null) {
            return;
        }
        long[] times = new long[sorted.size()];
        for (int i = 0; i < times.length; i++) {
            times[i] = BlockCodec.nanos(sorted.get(i).sourceTime());
        }
        Windows.Regime r = windows.observe(pointId, times, () -> storedEnd(pointId));
        if (r == null) {
            return;
        }
        chosen.add(pointId);
        choosePointWindow.setLong(1, r.width());
        choosePointWindow.setLong(2, r.since());
        choosePointWindow.setInt(3, pointId);
        choosePointWindow.executeUpdate();
        // The hour blocks stored from its start on are now the wide window's, to be merged into it.
        try (PreparedStatement ps =
                writer.prepareStatement("SELECT COUNT(*) FROM ts_block WHERE point_id = ? AND window_start >= ?")) {
            ps.setInt(1, pointId);
            ps.setLong(2, r.since());
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                for (int i = rs.getInt(1); i > 0; i--) {
                    written.add(new WindowKey(pointId, r.since()));
                }
            }
        }
        LOG.debug("point #{}: windows of {} from {}", pointId, Duration.ofNanos(r.width()), r.since());
    }

    /** The end of the point's newest stored (hour) window, or null when it has none. */
    private Long storedEnd(int pointId) throws SQLException {
        try (PreparedStatement ps =
                writer.prepareStatement("SELECT MAX(window_start) FROM ts_block WHERE point_id = ?")) {
            ps.setInt(1, pointId);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                long start = rs.getLong(1);
                return rs.wasNull() ? null : start + Windows.HOUR;
            }
        }
    }

    private WindowKey addBlock(int pointId, List<Sample> block) throws SQLException {
        long first = BlockCodec.nanos(block.get(0).sourceTime());
        long last = BlockCodec.nanos(block.get(block.size() - 1).sourceTime());
        long window = windows.windowOf(pointId, first);
        insertBlock.setLong(1, nextBlockId++);
        insertBlock.setInt(2, pointId);
        insertBlock.setLong(3, window);
        insertBlock.setLong(4, first);
        insertBlock.setLong(5, last);
        insertBlock.setInt(6, block.size());
        insertBlock.setShort(7, BlockCodec.ENCODING);
        insertBlock.setBytes(8, BlockCodec.encode(block));
        insertBlock.addBatch();
        return new WindowKey(pointId, window);
    }

    /** The point's number, inserting it in the running transaction when it is new. */
    private int pointId(PointId point, List<PointId> created) throws SQLException {
        Integer id = pointIds.get(point);
        if (id != null) {
            return id;
        }
        int fresh = nextPointId++;
        insertPoint.setInt(1, fresh);
        insertPoint.setString(2, point.value());
        insertPoint.executeUpdate();
        pointIds.put(point, fresh);
        created.add(point);
        return fresh;
    }

    private static List<Sample> sorted(List<Sample> samples) {
        for (int i = 1; i < samples.size(); i++) {
            if (samples.get(i).sourceTime().isBefore(samples.get(i - 1).sourceTime())) {
                List<Sample> copy = new ArrayList<>(samples);
                copy.sort(Comparator.comparing(Sample::sourceTime)); // stable: equal times keep their order
                return copy;
            }
        }
        return samples;
    }

    /** Splits a point's time-sorted samples where its window changes. */
    private List<List<Sample>> windows(int pointId, List<Sample> samples) {
        List<List<Sample>> out = new ArrayList<>(1);
        int start = 0;
        long window = windows.windowOf(pointId, BlockCodec.nanos(samples.get(0).sourceTime()));
        for (int i = 1; i < samples.size(); i++) {
            long w = windows.windowOf(pointId, BlockCodec.nanos(samples.get(i).sourceTime()));
            if (w != window) {
                out.add(samples.subList(start, i));
                start = i;
                window = w;
            }
        }
        out.add(samples.subList(start, samples.size()));
        return out;
    }

    private void rollback() {
        try {
            insertBlock.clearBatch();
            writer.rollback();
        } catch (SQLException e) {
            LOG.debug("rollback failed", e);
        }
    }

    // ---------------------------------------------------------------- merging and retention

    /** {@link #compact(int, boolean)} without waiting for busy appends. */
    public int compact(int openThreshold) throws StoreException {
        return compact(openThreshold, false);
    }

    /**
     * Merges the blocks of each window that is closed (ended more than a minute ago) into one, and the new blocks of
     * each open window that holds at least {@code openThreshold} (see {@link #merge}). An open window is left for a
     * later pass while appends keep the writer busy, up to {@link #BUSY_DEFERRAL} times {@code openThreshold} blocks:
     * a merge reads and deletes every small block again, so merging during a burst of appends took their writer
     * for as long again (issue 25); the pass after the burst merges them. Returns the number of windows merged.
     *
     * @param deferWhileBusy whether open windows wait while appends are busy (the background passes; tests that
     *     merge right after their appends do not)
     */
    public int compact(int openThreshold, boolean deferWhileBusy) throws StoreException {
        long closedBefore =
                BlockCodec.nanos(clock.instant()) - Duration.ofMinutes(1).toNanos();
        // A key an hour block got before its point's windows widened counts for the wide window that holds it.
        for (Map.Entry<WindowKey, Integer> e : List.copyOf(dirty.entrySet())) {
            WindowKey k = e.getKey();
            long window = windows.windowOf(k.pointId(), k.windowStart());
            if (window != k.windowStart() && dirty.remove(k, e.getValue())) {
                dirty.merge(new WindowKey(k.pointId(), window), e.getValue(), Integer::sum);
                tiers.remove(k); // the wide window's first merge takes every block
            }
        }
        int merged = 0;
        for (Map.Entry<WindowKey, Integer> e : List.copyOf(dirty.entrySet())) {
            WindowKey k = e.getKey();
            boolean isClosed = k.windowStart() < closedBefore - windows.widthAt(k.pointId(), k.windowStart());
            if (e.getValue() < 2 && isClosed) {
                dirty.remove(k, e.getValue());
                tiers.remove(k);
            } else if (deferWhileBusy
                    && !isClosed
                    && e.getValue() < (long) openThreshold * BUSY_DEFERRAL
                    && appendsBusy()) {
                continue; // a later pass, once the appends let up
            } else if (e.getValue() >= 2 && (isClosed || e.getValue() >= openThreshold)) {
                int left = merge(k, isClosed);
                merged++;
                if (isClosed) {
                    dirty.remove(k);
                    tiers.remove(k);
                } else {
                    dirty.put(k, left);
                }
            }
        }
        return merged;
    }

    /**
     * Whether appends keep the writer busy: one waits for it now, or appends held it for more than half of the last
     * second or so (then an open window's merge can wait for a later pass).
     */
    private boolean appendsBusy() {
        long now = System.nanoTime();
        if (now - sampledAt >= BUSY_SAMPLE_NANOS) {
            long held = appendNanos.get();
            busy = (held - appendNanosAt) * 2 > now - sampledAt;
            sampledAt = now;
            appendNanosAt = held;
        }
        return busy || writeLock.hasQueuedThreads();
    }

    /**
     * Merges blocks of one window in one transaction; returns the blocks the window holds then. {@code whole}: every
     * block (a closed window, or one whose earlier merges are not known). Else the blocks appended since the last
     * merge, with the newest merged blocks that are no larger than what joins them (so each sample is rewritten
     * about log2 of the window's merges times, not at every one: a busy open window was rewritten whole on every
     * pass, tens of seconds for a few hundred points under the write lock, issue 25).
     */
    private int merge(WindowKey k, boolean whole) throws StoreException {
        ReentrantReadWriteLock.WriteLock pointLock = stripe(k.pointId()).writeLock();
        pointLock.lock();
        try {
            String what = "merging window " + Instant.ofEpochSecond(0, k.windowStart()) + " of point #" + k.pointId();
            return write(what, () -> {
                List<Tier> merged = whole ? List.of() : tiers.getOrDefault(k, List.of());
                long end = k.windowStart() + windows.widthAt(k.pointId(), k.windowStart());
                long after = merged.isEmpty()
                        ? Long.MIN_VALUE
                        : merged.get(merged.size() - 1).blockId();
                List<Sample> fresh = new ArrayList<>();
                int blocks = readBlocks(k, end, after, Long.MAX_VALUE, fresh);
                int keep = merged.size();
                long joining = fresh.size();
                while (keep > 0 && merged.get(keep - 1).samples() <= joining) {
                    keep--;
                    joining += merged.get(keep).samples();
                }
                long from = keep == 0 ? Long.MIN_VALUE : merged.get(keep - 1).blockId();
                List<Sample> all = new ArrayList<>();
                blocks += keep == merged.size() ? 0 : readBlocks(k, end, from, after, all);
                all.addAll(fresh); // appended after those: of equal source times the later stays later
                if (blocks < 2) {
                    writer.commit();
                    return keep + blocks;
                }
                try (PreparedStatement del = writer.prepareStatement("DELETE FROM ts_block WHERE point_id = ? "
                        + "AND window_start >= ? AND window_start < ? AND block_id > ?")) {
                    del.setInt(1, k.pointId());
                    del.setLong(2, k.windowStart());
                    del.setLong(3, end);
                    del.setLong(4, from);
                    del.executeUpdate();
                }
                long id = nextBlockId;
                addBlock(k.pointId(), sorted(all));
                insertBlock.executeBatch();
                writer.commit();
                List<Tier> now = new ArrayList<>(merged.subList(0, keep));
                now.add(new Tier(id, all.size()));
                tiers.put(k, List.copyOf(now));
                return now.size();
            });
        } finally {
            pointLock.unlock();
        }
    }

    /**
     * Decodes the window's blocks with {@code after < block_id <= upTo} into {@code into} in the order they were
     * written; returns how many.
     */
    private int readBlocks(WindowKey k, long end, long after, long upTo, List<Sample> into) throws SQLException {
        PointId dummy = PointId.of("merge");
        int n = 0;
        try (PreparedStatement ps = writer.prepareStatement("SELECT data FROM ts_block WHERE point_id = ? "
                + "AND window_start >= ? AND window_start < ? AND block_id > ? AND block_id <= ? ORDER BY block_id")) {
            ps.setInt(1, k.pointId());
            ps.setLong(2, k.windowStart());
            ps.setLong(3, end);
            ps.setLong(4, after);
            ps.setLong(5, upTo);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    into.addAll(BlockCodec.decode(dummy, rs.getBytes(1)));
                    n++;
                }
            }
        }
        return n;
    }

    /** After a restart: the windows of the last {@code back} that hold more than one block. */
    private void findUnmergedWindows(Duration back) throws SQLException {
        long since = BlockCodec.nanos(clock.instant().minus(back));
        // Every window start with its blocks: an hour key inside a point's wide window counts for that window.
        try (PreparedStatement ps = writer.prepareStatement("SELECT point_id, window_start, COUNT(*) FROM ts_block "
                + "WHERE window_start >= ? GROUP BY point_id, window_start")) {
            ps.setLong(1, since);
            Map<WindowKey, Integer> found = new HashMap<>();
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    int id = rs.getInt(1);
                    found.merge(new WindowKey(id, windows.windowOf(id, rs.getLong(2))), rs.getInt(3), Integer::sum);
                }
            }
            found.forEach((k, n) -> {
                if (n > 1) {
                    dirty.put(k, n);
                }
            });
        }
        writer.commit();
    }

    /** Retention: deletes the blocks that ended more than {@code keep} before the clock's time; returns their count. */
    public int deleteOlderThan(Duration keep) throws StoreException {
        return deleteBefore(clock.instant().minus(keep));
    }

    /**
     * Deletes the blocks whose samples all lie before the hour of {@code cutoff}: whole hour windows, as before
     * issue 25, and of a wider window the blocks that ended before it (a merged one goes once all of it is older);
     * returns the number of blocks deleted.
     */
    public int deleteBefore(Instant cutoff) throws StoreException {
        long limit = Math.floorDiv(BlockCodec.nanos(cutoff), Windows.HOUR) * Windows.HOUR;
        return write("retention delete before " + cutoff, () -> {
            try (PreparedStatement ps = writer.prepareStatement("DELETE FROM ts_block WHERE last_time < ?")) {
                ps.setLong(1, limit);
                int n = ps.executeUpdate();
                writer.commit();
                return n;
            }
        });
    }

    @Override
    public long erase(PointId point) throws StoreException {
        return write("erasing " + point, () -> {
            Integer id = pointIds.get(point);
            if (id == null) {
                return 0L;
            }
            try (PreparedStatement count = writer.prepareStatement(
                            "SELECT COALESCE(SUM(sample_count), 0) FROM ts_block WHERE point_id = ?");
                    PreparedStatement delete = writer.prepareStatement("DELETE FROM ts_block WHERE point_id = ?")) {
                count.setInt(1, id);
                long n;
                try (ResultSet rs = count.executeQuery()) {
                    rs.next();
                    n = rs.getLong(1);
                }
                delete.setInt(1, id);
                delete.executeUpdate();
                writer.commit();
                dirty.keySet().removeIf(k -> k.pointId() == id);
                tiers.keySet().removeIf(k -> k.pointId() == id);
                return n;
            }
        });
    }

    /** Work on the writer connection; it commits what it wants kept. */
    private interface WriterWork<T> {
        T run() throws SQLException;
    }

    /**
     * Runs {@code work} under the write lock on the open store; a failure is rolled back and reported as
     * {@code what} failed.
     */
    private <T> T write(String what, WriterWork<T> work) throws StoreException {
        writeLock.lock();
        try {
            checkOpen();
            return work.run();
        } catch (SQLException e) {
            rollback();
            throw failure(what, e);
        } finally {
            writeLock.unlock();
        }
    }

    // ---------------------------------------------------------------- reading

    @Override
    public List<Sample> range(PointId point, Instant from, Instant to) throws StoreException {
        List<Sample> out = new ArrayList<>();
        long f = BlockCodec.nanos(from);
        long t = BlockCodec.nanos(to);
        scan(point, f, t, samplesInto(out, point, f, t), null);
        return sorted(out);
    }

    /**
     * The first {@code limit} samples of the range, reading blocks window by window (the index's order) and stopping
     * before the first block of a window once the windows read hold {@code limit} samples: the rest of the range is
     * never decoded, and the cursor is closed unread. Blocks of one window may overlap until compaction, so a
     * window is sorted whole before it counts.
     */
    @Override
    public List<Sample> range(PointId point, Instant from, Instant to, int limit) throws StoreException {
        if (limit < 0) {
            throw new IllegalArgumentException("limit must be ≥ 0, got " + limit);
        }
        List<Sample> out = new ArrayList<>();
        if (limit == 0) {
            return out;
        }
        long f = BlockCodec.nanos(from);
        long t = BlockCodec.nanos(to);
        List<Sample> window = new ArrayList<>();
        long[] open = {Long.MIN_VALUE};
        scan(point, f, t, samplesInto(window, point, f, t), blockWindow -> {
            if (blockWindow != open[0]) {
                out.addAll(sorted(window));
                window.clear();
                open[0] = blockWindow;
            }
            return out.size() < limit;
        });
        out.addAll(sorted(window));
        return out.size() <= limit ? out : new ArrayList<>(out.subList(0, limit));
    }

    @Override
    public List<Bucket> aggregate(PointId point, Instant from, Instant to, Duration step) throws StoreException {
        return summarize(point, from, to, positive(step), false).buckets();
    }

    /** The gaps in one read of the point's blocks in the period (the default pages through its samples as such). */
    @Override
    public List<QualityGap> gaps(PointId point, Instant from, Instant to) throws StoreException {
        return summarize(point, from, to, null, true).gaps();
    }

    /** Both in one read of the point's blocks in the period. */
    @Override
    public BucketsAndGaps bucketsAndGaps(PointId point, Instant from, Instant to, Duration step) throws StoreException {
        return summarize(point, from, to, positive(step), true);
    }

    private static Duration positive(Duration step) {
        if (step.isZero() || step.isNegative()) {
            throw new IllegalArgumentException("step must be positive, got " + step);
        }
        return step;
    }

    /**
     * One scan of the point's blocks in {@code [from, to)}: the buckets of its good samples per {@code step} (none
     * when null) and, when {@code withGaps}, its data-quality gaps.
     */
    private BucketsAndGaps summarize(PointId point, Instant from, Instant to, Duration step, boolean withGaps)
            throws StoreException {
        long f = BlockCodec.nanos(from);
        long t = BlockCodec.nanos(to);
        long stepNanos = step == null ? 0 : step.toNanos();
        TreeMap<Long, Acc> buckets = new TreeMap<>();
        GapFinder gaps = withGaps ? new GapFinder(point) : null;
        // Samples come mostly in time order: look the bucket up only when it changes.
        Object[] current = {null, Long.MIN_VALUE};
        scan(
                point,
                f,
                t,
                (time, received, value, quality) -> {
                    if (time < f || time >= t) {
                        return;
                    }
                    if (gaps != null) {
                        gaps.add(time, quality);
                    }
                    if (stepNanos > 0 && quality.isGood()) {
                        long k = (time - f) / stepNanos;
                        if ((long) current[1] != k) {
                            current[0] = buckets.computeIfAbsent(k, x -> new Acc());
                            current[1] = k;
                        }
                        ((Acc) current[0]).add(time, value);
                    }
                },
                gaps == null
                        ? null
                        : window -> {
                            gaps.window(window);
                            return true;
                        });
        List<Bucket> out = new ArrayList<>(buckets.size());
        buckets.forEach((k, a) -> out.add(
                new Bucket(BlockCodec.instant(f + k * stepNanos), a.count, a.min, a.max, a.sum / a.count, a.last)));
        return new BucketsAndGaps(out, gaps == null ? List.of() : gaps.gaps(to));
    }

    private static final class Acc {
        long count;
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        double sum;
        double last;
        long lastTime = Long.MIN_VALUE;

        void add(long time, double v) {
            count++;
            min = Math.min(min, v);
            max = Math.max(max, v);
            sum += v;
            if (time >= lastTime) {
                last = v;
                lastTime = time;
            }
        }
    }

    @Override
    public Optional<Sample> latest(PointId point) throws StoreException {
        checkOpen(); // also for a point it does not know: health asks for one to learn whether the store answers
        Integer id = pointIds.get(point);
        if (id == null) {
            return Optional.empty();
        }
        Sample[] best = {null};
        long[] bestTime = {Long.MIN_VALUE};
        // The newest window's blocks: those keyed within a window's width of the newest key (hour blocks keyed
        // before the point's windows widened belong to the wide window that holds them).
        long widest = windows.widthAt(id, Long.MAX_VALUE);
        read(
                id,
                "SELECT data FROM ts_block WHERE point_id = ? AND window_start > "
                        + "(SELECT MAX(window_start) FROM ts_block WHERE point_id = ?) - ?",
                ps -> {
                    ps.setInt(1, id);
                    ps.setInt(2, id);
                    ps.setLong(3, widest);
                },
                (time, received, value, quality) -> {
                    if (time >= bestTime[0]) {
                        bestTime[0] = time;
                        best[0] = new Sample(
                                point, value, quality, BlockCodec.instant(time), BlockCodec.instant(received));
                    }
                });
        return Optional.ofNullable(best[0]);
    }

    /**
     * Every stored sample of the point in the windows that overlap {@code [from, to)}, block by block, in the
     * index's order (window, then first time).
     *
     * @param more called with each block's window before it is decoded, false stops there; null reads every block
     */
    private void scan(PointId point, long from, long to, BlockCodec.Visitor visitor, LongPredicate more)
            throws StoreException {
        Integer id = pointIds.get(point);
        if (id == null || to <= from) {
            return;
        }
        read(
                id,
                "SELECT data, window_start FROM ts_block WHERE point_id = ? AND window_start >= ? "
                        + "AND window_start <= ? AND last_time >= ? AND first_time < ? ORDER BY window_start, "
                        + "first_time",
                ps -> {
                    ps.setInt(1, id);
                    ps.setLong(2, windows.windowOf(id, from));
                    ps.setLong(3, to - 1); // a block's key is at or before its first sample
                    ps.setLong(4, from);
                    ps.setLong(5, to);
                },
                visitor,
                more == null ? null : key -> more.test(windows.windowOf(id, key)));
    }

    /** A visitor that adds the samples within {@code [from, to)} to {@code out}. */
    private static BlockCodec.Visitor samplesInto(List<Sample> out, PointId point, long from, long to) {
        return (time, received, value, quality) -> {
            if (time >= from && time < to) {
                Instant source = BlockCodec.instant(time);
                out.add(new Sample(
                        point, value, quality, source, received == time ? source : BlockCodec.instant(received)));
            }
        };
    }

    private interface Binder {
        void bind(PreparedStatement ps) throws SQLException;
    }

    private void read(int pointId, String sql, Binder binder, BlockCodec.Visitor visitor) throws StoreException {
        read(pointId, sql, binder, visitor, null);
    }

    /**
     * @param more with a query whose second column is the block's window: called before each block is decoded,
     *             false stops reading there (the cursor is closed with the rest unread); null reads every block
     */
    private void read(int pointId, String sql, Binder binder, BlockCodec.Visitor visitor, LongPredicate more)
            throws StoreException {
        checkOpen();
        ReentrantReadWriteLock.ReadLock lock = stripe(pointId).readLock();
        lock.lock();
        Connection c = null;
        try {
            c = borrow();
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                binder.bind(ps);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        if (more != null && !more.test(rs.getLong(2))) {
                            break;
                        }
                        blocksRead.increment();
                        BlockCodec.decode(rs.getBytes(1), visitor);
                    }
                }
            }
            c.commit();
            readers.add(c);
            c = null;
        } catch (SQLException e) {
            throw failure("query of point #" + pointId, e);
        } finally {
            lock.unlock();
            if (c != null) {
                closeQuietly(c);
            }
        }
    }

    private Connection borrow() throws SQLException {
        Connection c = readers.poll();
        if (c == null) {
            c = dataSource.getConnection();
            c.setAutoCommit(false);
            c.setReadOnly(true);
        }
        return c;
    }

    private ReentrantReadWriteLock stripe(int pointId) {
        return stripes[Math.floorMod(pointId, LOCK_STRIPES)];
    }

    private void checkOpen() throws StoreException {
        String why = failed;
        if (why != null) {
            throw new StoreException("the store's database failed (" + why + "): it is being reopened");
        }
        if (closed) {
            throw new StoreException("the store is closed");
        }
    }

    /**
     * {@code what} failed with {@code e}; when the database failed as a whole, this store refuses from now on and
     * {@code onFatal} hears of it (once).
     */
    private StoreException failure(String what, Exception e) {
        String why = DatabaseFailure.reason(e);
        if (why != null && e instanceof SQLException sql) {
            boolean first;
            synchronized (this) {
                first = failed == null && !closed;
                if (first) {
                    failed = why;
                }
            }
            if (first) {
                LOG.error("the store's database failed ({}): refusing writes until it is reopened", why);
                onFatal.accept(sql);
            }
        }
        return new StoreException(what + " failed: " + e.getMessage(), e);
    }

    /** Why the database failed as a whole, or null while it has not. */
    @Override
    public String failed() {
        return failed;
    }

    /**
     * A small read on the write connection: a database that failed while nothing was written (the audit trail or the
     * ledger met the full disk first) is found here, and reopened.
     */
    public void probe() throws StoreException {
        write("probing the database", () -> {
            try (Statement st = writer.createStatement();
                    ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM ts_point")) {
                rs.next();
                writer.commit();
                return null;
            }
        });
    }

    /** Blocks decoded by queries since the store opened, for tests. */
    long blocksRead() {
        return blocksRead.sum();
    }

    /** Blocks stored, for status and tests. */
    public long blockCount() throws StoreException {
        checkOpen();
        writeLock.lock();
        try (Statement st = writer.createStatement();
                ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM ts_block")) {
            rs.next();
            long n = rs.getLong(1);
            writer.commit();
            return n;
        } catch (SQLException e) {
            throw failure("count", e);
        } finally {
            writeLock.unlock();
        }
    }

    @Override
    public void close() {
        writeLock.lock();
        try {
            closed = true;
            closeQuietly(writer);
            Connection c;
            while ((c = readers.poll()) != null) {
                closeQuietly(c);
            }
        } finally {
            writeLock.unlock();
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            if (!c.getAutoCommit()) {
                c.rollback(); // Derby refuses to close a connection with an open transaction
            }
            c.close();
        } catch (SQLException e) {
            LOG.debug("closing a connection failed", e);
        }
    }
}
