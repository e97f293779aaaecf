package io.gridhub.kafka.internal;

import io.gridhub.api.bus.SampleBus;
import io.gridhub.api.event.HubEvent;
import io.gridhub.api.event.HubEvents;
import io.gridhub.api.model.Sample;
import io.gridhub.api.store.StoreException;
import io.gridhub.api.store.TimeSeriesStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The central role: consumes the topics in the consumer group shared by the central hubs (the group spreads the
 * partitions, and so the communities, over them), stores the samples through the store's
 * {@link TimeSeriesStore#appendAndPublish} (durably first, then on this hub's bus like any sample), raises the
 * events in this hub's event log and keeps the latest plan per community ({@link RemotePlans}).
 *
 * <p>At least once: a poll's offsets are committed only after the store acknowledged its samples. When the store
 * fails, the consumer seeks back to the poll's first records and tries again after a pause, so nothing is skipped.
 * A redelivered sample the store already holds is left out ({@link StoredSamples}). A record this hub cannot read
 * (another format version) is counted, warned about and skipped: it would never become readable by waiting.
 */
final class CentralConsumer implements Runnable {
    private static final Logger LOG = LoggerFactory.getLogger(CentralConsumer.class);
    private static final Duration POLL = Duration.ofMillis(500);
    private static final long MAX_PAUSE_MILLIS = 30_000;
    private static final int SEEN_EVENTS = 10_000;

    private final Consumer<String, byte[]> consumer;
    private final Topics topics;
    private final TimeSeriesStore store;
    private final SampleBus bus;
    private final HubEvents events;
    private final RemotePlans plans;
    private final Set<String> communities;
    private final StoredSamples guard;
    private final StateLog state = new StateLog(LOG);
    private final AtomicLong stored = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();
    private final Set<TopicPartition> assigned = ConcurrentHashMap.newKeySet();
    private final Map<String, Boolean> seenEvents = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Boolean> eldest) {
            return size() > SEEN_EVENTS;
        }
    };
    private volatile boolean running = true;
    private volatile Runnable afterStore = () -> {};
    private long pauseMillis;

    /**
     * @param events where remote events are raised; null leaves them out (logged at debug)
     * @param communities the communities stored; empty stores every community the hub's partitions carry
     */
    CentralConsumer(
            Consumer<String, byte[]> consumer,
            Topics topics,
            TimeSeriesStore store,
            SampleBus bus,
            HubEvents events,
            RemotePlans plans,
            Set<String> communities) {
        this.consumer = consumer;
        this.topics = topics;
        this.store = store;
        this.bus = bus;
        this.events = events;
        this.plans = plans;
        this.communities = Set.copyOf(communities);
        this.guard = new StoredSamples(store);
    }

    @Override
    public void run() {
        try {
            consumer.subscribe(topics.all(), new ConsumerRebalanceListener() {
                @Override
                public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
                    assigned.removeAll(partitions);
                    guard.forget();
                }

                @Override
                public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
                    assigned.addAll(partitions);
                    guard.forget();
                    LOG.info("Kafka partitions of this central hub: {}", assigned);
                }
            });
            while (running) {
                try {
                    ConsumerRecords<String, byte[]> records = consumer.poll(POLL);
                    if (!records.isEmpty()) {
                        handle(records);
                    }
                } catch (WakeupException e) {
                    // stop() woke the poll
                } catch (KafkaException e) {
                    state.warn("Kafka consumer failed, trying again: " + e);
                    pause();
                }
            }
        } finally {
            consumer.close(Duration.ofSeconds(10));
        }
    }

    /** Ends the loop (the consumer leaves its group without committing what it has not stored). */
    void stop() {
        running = false;
        consumer.wakeup();
    }

    private void handle(ConsumerRecords<String, byte[]> records) {
        List<Sample> samples = new ArrayList<>(records.count());
        List<MessageFormat.EventMessage> remoteEvents = new ArrayList<>();
        List<MessageFormat.PlanMessage> remotePlans = new ArrayList<>();
        Map<TopicPartition, OffsetAndMetadata> next = new HashMap<>();
        Map<TopicPartition, Long> first = new HashMap<>();
        for (ConsumerRecord<String, byte[]> r : records) {
            TopicPartition tp = new TopicPartition(r.topic(), r.partition());
            first.putIfAbsent(tp, r.offset());
            next.put(tp, new OffsetAndMetadata(r.offset() + 1));
            try {
                if (r.topic().equals(topics.samples())) {
                    MessageFormat.SampleMessage m = MessageFormat.sample(r.value());
                    if (accepts(m.community())) {
                        samples.add(m.sample());
                    }
                } else if (r.topic().equals(topics.events())) {
                    MessageFormat.EventMessage m = MessageFormat.event(r.value());
                    if (accepts(m.community())) {
                        remoteEvents.add(m);
                    }
                } else if (r.topic().equals(topics.plans())) {
                    MessageFormat.PlanMessage m = MessageFormat.plan(r.value());
                    if (accepts(m.community())) {
                        remotePlans.add(m);
                    }
                }
            } catch (MessageFormat.FormatException e) {
                rejected.incrementAndGet();
                state.warn("skipped Kafka records this hub cannot read (" + rejected.get() + " so far), e.g. "
                        + r.topic() + "/" + r.partition() + "@" + r.offset() + ": " + e.getMessage());
            }
        }
        try {
            List<Sample> fresh = guard.fresh(samples);
            if (!fresh.isEmpty()) {
                store.appendAndPublish(fresh, bus);
                guard.stored(fresh);
                stored.addAndGet(fresh.size());
            }
        } catch (StoreException | RuntimeException e) {
            state.warn("the store did not take " + samples.size() + " samples from Kafka, trying again: " + e);
            first.forEach(consumer::seek);
            pause();
            return;
        }
        afterStore.run();
        remoteEvents.forEach(this::raise);
        remotePlans.forEach(plans::put);
        consumer.commitSync(next);
        pauseMillis = 0;
        state.ok("the store takes samples from Kafka again");
    }

    private void raise(MessageFormat.EventMessage m) {
        HubEvent e = m.event();
        String key = m.hub() + "/" + e.id() + "/" + e.time();
        if (seenEvents.put(key, Boolean.TRUE) != null) {
            return;
        }
        if (events == null) {
            LOG.debug("event from hub {} not raised (no event log): {}", m.hub(), e);
            return;
        }
        events.raise(e.community(), m.hub() + ":" + e.source(), e.severity(), e.subject(), e.message());
    }

    private boolean accepts(String community) {
        return communities.isEmpty() || communities.contains(community);
    }

    private void pause() {
        pauseMillis = Math.min(MAX_PAUSE_MILLIS, Math.max(200, pauseMillis * 2));
        try {
            Thread.sleep(pauseMillis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }

    /** For tests: runs after each acknowledged store write, before the offsets are committed. */
    void afterStore(Runnable hook) {
        afterStore = hook;
    }

    long stored() {
        return stored.get();
    }

    long duplicates() {
        return guard.duplicates();
    }

    long rejected() {
        return rejected.get();
    }

    Set<TopicPartition> assigned() {
        return Set.copyOf(assigned);
    }
}
