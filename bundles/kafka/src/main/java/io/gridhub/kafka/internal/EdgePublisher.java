package io.gridhub.kafka.internal;

import io.gridhub.api.bus.SampleListener;
import io.gridhub.api.event.HubEvent;
import io.gridhub.api.event.HubEvents;
import io.gridhub.api.model.Plan;
import io.gridhub.api.model.Sample;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RetriableException;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.utils.Utils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The edge role: every sample the hub's bus carries, the hub's events and the plans its loop makes go to Kafka
 * (message format v1). A sample's record is keyed by its point id; every record of one community (or feeder) goes to
 * the partition its partition key hashes to (Kafka's own murmur2 hash), so that a central hub that owns the partition
 * owns the whole community, and a point's samples keep their order.
 *
 * <p>The producer is idempotent with {@code acks=all}: a retry after a lost answer or a broker restart does not
 * write a record twice. What it could not deliver within its delivery timeout is sent again (a record may then
 * reach Kafka twice, or after newer ones of its point: the central side stores it once); what Kafka refuses for good
 * is counted ({@link #lost}). Each is warned about once per change of state.
 */
final class EdgePublisher implements SampleListener {
    private static final Logger LOG = LoggerFactory.getLogger(EdgePublisher.class);

    private final Producer<String, byte[]> producer;
    private final Topics topics;
    private final String hub;
    private final CommunityOf places;
    private final Set<String> communities;
    private final Map<String, Integer> partitionCounts = new ConcurrentHashMap<>();
    private final AtomicLong sent = new AtomicLong();
    private final AtomicLong lost = new AtomicLong();
    private final AtomicLong missed = new AtomicLong();
    private final StateLog state = new StateLog(LOG);
    /** Records the producer gave up on for a reason that passes (a timeout): sent again by the next call. */
    private final Queue<ProducerRecord<String, byte[]>> again = new ConcurrentLinkedQueue<>();

    private final AtomicLong resent = new AtomicLong();
    private final Map<String, String> lastPlans = new ConcurrentHashMap<>();
    private long lastEventId;

    /** @param communities the communities published; empty publishes all */
    EdgePublisher(
            Producer<String, byte[]> producer, Topics topics, String hub, CommunityOf places, Set<String> communities) {
        this.producer = producer;
        this.topics = topics;
        this.hub = hub;
        this.places = places;
        this.communities = Set.copyOf(communities);
    }

    @Override
    public void onSamples(List<Sample> samples) {
        for (Sample s : samples) {
            CommunityOf.Place place = places.of(s.point());
            if (accepts(place.community())) {
                send(
                        topics.samples(),
                        place.partitionKey(),
                        s.point().value(),
                        MessageFormat.sample(hub, place.community(), s));
            }
        }
    }

    @Override
    public void onMissed(long count) {
        missed.addAndGet(count);
        state.warn("the bus dropped samples for Kafka (" + missed.get() + " so far): the producer falls behind");
    }

    /** Publishes the events raised since the last call (the event log numbers them); returns how many. */
    synchronized int publishEvents(HubEvents events) {
        List<HubEvent> recent = events.recent(10_000);
        if (!recent.isEmpty() && recent.get(0).id() < lastEventId) {
            lastEventId = 0; // the event log started again
        }
        int n = 0;
        for (int i = recent.size() - 1; i >= 0; i--) {
            HubEvent e = recent.get(i);
            if (e.id() > lastEventId) {
                lastEventId = e.id();
                String community = e.community();
                if (community.isEmpty() || accepts(community)) {
                    String key = community.isEmpty() ? hub : community;
                    send(topics.events(), key, key, MessageFormat.event(hub, e));
                    n++;
                }
            }
        }
        return n;
    }

    /** Publishes a plan the hub's loop made for {@code community}, keyed by the community; once per plan id. */
    void publishPlan(String community, Plan plan) {
        if (accepts(community) && !plan.id().equals(lastPlans.put(community, plan.id()))) {
            send(topics.plans(), community, community, MessageFormat.plan(hub, community, plan));
        }
    }

    /** Waits until every record handed over so far is delivered or lost, sending again what timed out. */
    void flush() {
        do {
            producer.flush();
        } while (resend() > 0);
    }

    /** Records sent again after the producer gave up on them. */
    long resent() {
        return resent.get();
    }

    long sent() {
        return sent.get();
    }

    long lost() {
        return lost.get();
    }

    long missed() {
        return missed.get();
    }

    private boolean accepts(String community) {
        return communities.isEmpty() || communities.contains(community);
    }

    /**
     * Hands a record to the producer. A record the producer gives up on for a reason that passes (its delivery
     * timeout ran out while the broker was away) is sent again by the next call; one it refuses for good (too large,
     * not authorized) is counted as lost. Nothing is thrown at the bus.
     */
    private void send(String topic, String partitionKey, String key, byte[] value) {
        resend();
        RecordHeaders headers = new RecordHeaders();
        headers.add(
                MessageFormat.VERSION_HEADER,
                Integer.toString(MessageFormat.VERSION).getBytes(StandardCharsets.UTF_8));
        send(new ProducerRecord<>(topic, partition(topic, partitionKey), key, value, headers));
    }

    private void send(ProducerRecord<String, byte[]> record) {
        Callback callback = (metadata, e) -> {
            if (e == null) {
                sent.incrementAndGet();
                state.ok("Kafka delivery works again");
            } else if (e instanceof RetriableException) {
                again.add(record);
                state.warn("Kafka delivery failed, sending again: " + e);
            } else {
                lost.incrementAndGet();
                state.warn("Kafka refused records, they are lost (the edge's own store keeps them): " + e);
            }
        };
        try {
            producer.send(record, callback);
        } catch (KafkaException | IllegalStateException e) {
            callback.onCompletion(null, e);
        }
    }

    /** Sends again what the producer gave up on; returns how many. */
    int resend() {
        int n = 0;
        ProducerRecord<String, byte[]> r;
        while ((r = again.poll()) != null) {
            resent.incrementAndGet();
            send(r);
            n++;
        }
        return n;
    }

    /** Kafka's default hash of the partition key (murmur2), over the topic's partitions. */
    int partition(String topic, String partitionKey) {
        int n = partitionCounts.computeIfAbsent(
                topic, t -> producer.partitionsFor(t).size());
        return partitionOf(partitionKey, n);
    }

    static int partitionOf(String partitionKey, int partitions) {
        return Utils.toPositive(Utils.murmur2(partitionKey.getBytes(StandardCharsets.UTF_8))) % partitions;
    }
}
