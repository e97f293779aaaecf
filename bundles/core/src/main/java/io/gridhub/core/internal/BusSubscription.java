package io.gridhub.core.internal;

import io.gridhub.api.bus.SampleListener;
import io.gridhub.api.bus.Subscription;
import io.gridhub.api.concurrent.Daemons;
import io.gridhub.api.model.PointId;
import io.gridhub.api.model.Sample;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One subscriber's bounded queue and the thread that drains it. {@link #offer} never blocks: when the queue is
 * full the sample is counted as missed, and the listener hears of it before its next batch.
 */
final class BusSubscription implements Subscription {
    private static final Logger LOG = LoggerFactory.getLogger(BusSubscription.class);
    private static final int MAX_BATCH = 4096;

    private final String name;
    private final Predicate<PointId> filter;
    private final SampleListener listener;
    private final BlockingQueue<Sample> queue;
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong missed = new AtomicLong();
    private final AtomicLong missedUnreported = new AtomicLong();
    private final Thread worker;
    private final Consumer<BusSubscription> onClose;
    private volatile boolean open = true;
    private final FailureState state = new FailureState();

    BusSubscription(
            String name,
            Predicate<PointId> filter,
            int capacity,
            SampleListener listener,
            Consumer<BusSubscription> onClose) {
        if (capacity < 1) {
            throw new IllegalArgumentException("subscription " + name + ": capacity must be ≥ 1, got " + capacity);
        }
        this.name = name;
        this.filter = filter;
        this.listener = listener;
        this.queue = new ArrayBlockingQueue<>(capacity);
        this.onClose = onClose;
        this.worker = Daemons.thread("gridhub-bus-" + name, this::drain);
    }

    void start() {
        worker.start();
    }

    /** Queues the sample if the filter takes it; counts it as missed when the queue is full. */
    void offer(Sample sample) {
        if (open && filter.test(sample.point()) && !queue.offer(sample)) {
            missed.incrementAndGet();
            missedUnreported.incrementAndGet();
        }
    }

    private void drain() {
        List<Sample> batch = new ArrayList<>(MAX_BATCH);
        while (open) {
            try {
                Sample first = queue.poll(200, TimeUnit.MILLISECONDS);
                long lost = missedUnreported.getAndSet(0);
                if (lost > 0) {
                    deliverMissed(lost);
                }
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                deliver(batch);
                batch.clear();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void deliver(List<Sample> batch) {
        try {
            listener.onSamples(List.copyOf(batch));
            delivered.addAndGet(batch.size());
            if (state.recovered()) {
                LOG.info("subscriber {} recovered", name);
            }
        } catch (RuntimeException e) {
            // One warning per change of state, not one per batch.
            if (state.failed()) {
                LOG.warn("subscriber {} failed on a batch of {} samples; it keeps receiving", name, batch.size(), e);
            }
        }
    }

    private void deliverMissed(long lost) {
        try {
            listener.onMissed(lost);
        } catch (RuntimeException e) {
            LOG.debug("subscriber {} failed in onMissed", name, e);
        }
    }

    String name() {
        return name;
    }

    int queued() {
        return queue.size();
    }

    @Override
    public long delivered() {
        return delivered.get();
    }

    @Override
    public long missed() {
        return missed.get();
    }

    @Override
    public void close() {
        if (open) {
            open = false;
            worker.interrupt();
            onClose.accept(this);
        }
    }

    /** Waits for the worker to end after {@link #close()}. */
    void join(long millis) throws InterruptedException {
        worker.join(millis);
    }
}
