package io.gridhub.kafka.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.gridhub.api.dispatch.PlanStore;
import io.gridhub.api.event.Severity;
import io.gridhub.api.loop.LoopStage;
import io.gridhub.api.loop.StageOutcome;
import io.gridhub.api.loop.StageRun;
import io.gridhub.api.model.AssetSchedule;
import io.gridhub.api.model.Explanation;
import io.gridhub.api.model.Plan;
import io.gridhub.api.model.PointId;
import io.gridhub.api.model.Sample;
import io.gridhub.api.store.StoreException;
import io.gridhub.testkit.FakeBus;
import io.gridhub.testkit.FakeStore;
import io.gridhub.testkit.KafkaBroker;
import io.gridhub.testkit.RecordingEvents;
import io.gridhub.testkit.Settings;
import io.gridhub.testkit.Waits;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Edge and central against a real Kafka broker (Apache's server jars, KRaft, a JVM of its own): keys and
 * partitions, and at least once with nothing lost and nothing stored twice when the central consumer dies between
 * the store's acknowledgement and the offset commit, when the store fails for a while, and when the broker is
 * killed and restarted mid-stream. Each test has topics and a consumer group of its own.
 */
class KafkaScaleOutTest {
    private static final int PARTITIONS = 4;
    private static final Instant T0 = Instant.parse("2026-12-07T00:00:00Z");
    private static final Duration WAIT = Duration.ofSeconds(120);

    @TempDir
    static Path dir;

    private static KafkaBroker broker;
    private static final AtomicInteger RUN = new AtomicInteger();

    private final List<AutoCloseable> closing = new ArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private Topics topics;
    private KafkaClients edgeClients;
    private KafkaClients centralClients;

    @BeforeAll
    static void startBroker() {
        assumeTrue(KafkaBroker.available(), "Kafka's server jars are missing");
        broker = KafkaBroker.start(dir.resolve("broker"), PARTITIONS);
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    private void topicsOfThisTest() {
        int n = RUN.incrementAndGet();
        topics = new Topics("t" + n + ".samples", "t" + n + ".events", "t" + n + ".plans");
        edgeClients = new KafkaClients(broker.bootstrapServers(), "edge-a", Map.of());
        centralClients = new KafkaClients(broker.bootstrapServers(), "central-1", Map.of());
        edgeClients.ensureTopics(topics, PARTITIONS, 1);
    }

    @AfterEach
    void stopAll() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
        for (Thread t : threads) {
            t.join(30_000);
        }
        if (edgeClients != null) {
            edgeClients.close(Duration.ofSeconds(5));
        }
    }

    private EdgePublisher edge() {
        return new EdgePublisher(
                edgeClients.producer("lz4"),
                topics,
                "edge-a",
                new CommunityOf(null, null, CommunityOf.PartitionBy.COMMUNITY),
                Set.of());
    }

    private CentralConsumer central(FakeStore store, FakeBus bus, RecordingEvents events, RemotePlans plans) {
        CentralConsumer c = new CentralConsumer(
                centralClients.consumer("group-" + topics.samples()), topics, store, bus, events, plans, Set.of());
        return c;
    }

    private Thread run(CentralConsumer c) {
        Thread t = new Thread(c, "central-" + threads.size());
        t.setUncaughtExceptionHandler((th, e) -> {}); // a "crash" of the test's making
        t.start();
        threads.add(t);
        closing.add(c::stop);
        return t;
    }

    /** {@code points} points in each of {@code communities}, {@code times} samples each, one batch per time. */
    private static List<List<Sample>> samples(int communities, int points, int times) {
        List<List<Sample>> batches = new ArrayList<>();
        for (int t = 0; t < times; t++) {
            List<Sample> batch = new ArrayList<>();
            for (int c = 0; c < communities; c++) {
                for (int p = 0; p < points; p++) {
                    PointId id = PointId.of("c" + c + ".m" + p + ".meter.p");
                    batch.add(Sample.good(id, t * 10.0 + p, T0.plusSeconds(t)));
                }
            }
            batches.add(batch);
        }
        return batches;
    }

    private static void assertStoredExactlyOnce(FakeStore store, List<List<Sample>> sent) {
        Map<String, Long> counts = store.stored().stream()
                .collect(Collectors.groupingBy(s -> s.point() + "@" + s.sourceTime(), Collectors.counting()));
        Set<String> expected = new HashSet<>();
        sent.forEach(b -> b.forEach(s -> expected.add(s.point() + "@" + s.sourceTime())));
        assertThat(counts.keySet()).as("every sample stored").isEqualTo(expected);
        assertThat(counts.values()).as("no sample stored twice").allMatch(n -> n == 1);
    }

    @Test
    void samplesEventsAndPlansGoFromEdgeToCentralKeyedByPointAndPartitionedByCommunity() throws Exception {
        topicsOfThisTest();
        EdgePublisher edge = edge();
        List<List<Sample>> sent = samples(6, 5, 20);
        sent.forEach(edge::onSamples);
        RecordingEvents edgeEvents = new RecordingEvents(Clock.systemUTC());
        edgeEvents.raise("c1", "loop.execute", Severity.WARNING, "bat1", "write refused");
        edgeEvents.raise("", "core", Severity.INFO, "", "hub started");
        assertThat(edge.publishEvents(edgeEvents)).isEqualTo(2);
        assertThat(edge.publishEvents(edgeEvents)).as("each event once").isZero();
        Plan plan = plan("plan-7");
        edge.publishPlan("c1", plan);
        edge.publishPlan("c1", plan);
        edge.flush();
        assertThat(edge.lost()).isZero();

        // The records as Kafka holds them: keyed by point id, a community's in the partition its id hashes to.
        Map<String, Set<Integer>> partitionsOfCommunity = new HashMap<>();
        List<TopicPartition> tps = new ArrayList<>();
        for (int p = 0; p < PARTITIONS; p++) {
            tps.add(new TopicPartition(topics.samples(), p));
        }
        List<ConsumerRecord<String, byte[]>> records = read(tps, 600);
        assertThat(records).hasSize(600);
        for (ConsumerRecord<String, byte[]> r : records) {
            MessageFormat.SampleMessage m = MessageFormat.sample(r.value());
            assertThat(r.key()).isEqualTo(m.sample().point().value());
            assertThat(r.headers().lastHeader(MessageFormat.VERSION_HEADER).value())
                    .containsExactly('1');
            partitionsOfCommunity
                    .computeIfAbsent(m.community(), k -> new HashSet<>())
                    .add(r.partition());
        }
        assertThat(partitionsOfCommunity).hasSize(6);
        partitionsOfCommunity.forEach((community, parts) ->
                assertThat(parts).containsExactly(EdgePublisher.partitionOf(community, PARTITIONS)));
        assertThat(partitionsOfCommunity.values().stream().flatMap(Set::stream).distinct())
                .as("six communities spread over more than one partition")
                .hasSizeGreaterThan(1);

        FakeStore store = new FakeStore();
        FakeBus bus = new FakeBus();
        RecordingEvents events = new RecordingEvents(Clock.systemUTC());
        RemotePlans plans = new RemotePlans();
        CentralConsumer central = central(store, bus, events, plans);
        run(central);

        Waits.until(WAIT, () -> store.stored().size() >= 600 && events.raised.size() >= 2, "600 samples, 2 events");
        Waits.until(WAIT, () -> plans.latest("c1").isPresent(), "the plan");
        assertStoredExactlyOnce(store, sent);
        assertThat(bus.all())
                .as("stored samples are published on the central hub's bus")
                .hasSize(600);
        assertThat(events.raised)
                .extracting(e -> e.source() + " " + e.community() + " " + e.message())
                .containsExactlyInAnyOrder("edge-a:loop.execute c1 write refused", "edge-a:core  hub started");
        assertThat(plans.latest("c1").orElseThrow().plan().id()).isEqualTo("plan-7");
        assertThat(plans.latest("c1").orElseThrow().hub()).isEqualTo("edge-a");
        assertThat(central.assigned()).hasSize(3 * PARTITIONS);
    }

    @Test
    void aCentralConsumerKilledBetweenStoreAndCommitLosesNothingAndStoresNothingTwice() throws Exception {
        topicsOfThisTest();
        EdgePublisher edge = edge();
        List<List<Sample>> sent = samples(4, 50, 100); // 20,000 samples
        sent.forEach(edge::onSamples);
        edge.flush();
        assertThat(edge.lost()).isZero();

        FakeStore store = new FakeStore();
        FakeBus bus = new FakeBus();
        CentralConsumer first = central(store, bus, null, new RemotePlans());
        AtomicInteger writes = new AtomicInteger();
        first.afterStore(() -> {
            if (writes.incrementAndGet() == 2) {
                throw new IllegalStateException("killed after the store acknowledged, before the commit");
            }
        });
        Thread t = run(first);
        t.join(WAIT.toMillis());
        assertThat(t.isAlive()).isFalse();
        int storedByFirst = store.stored().size();
        assertThat(storedByFirst)
                .as("the first consumer stored something")
                .isPositive()
                .isLessThan(20_000);

        // A second consumer in the same group, on a store that fails for a while.
        store.failWith(new StoreException("database down"));
        CentralConsumer second = central(store, bus, null, new RemotePlans());
        run(second);
        Thread.sleep(2000);
        assertThat(store.stored()).hasSize(storedByFirst);
        store.failWith(null);

        Waits.until(WAIT, () -> store.stored().size() >= 20_000, "20,000 samples stored");
        Thread.sleep(1000); // anything stored twice would show by now
        assertStoredExactlyOnce(store, sent);
        assertThat(second.duplicates())
                .as("the records stored but not committed came again and were left out")
                .isPositive();
    }

    @Test
    void aBrokerKilledAndRestartedMidStreamLosesNothingAndDuplicatesNothing() throws Exception {
        topicsOfThisTest();
        EdgePublisher edge = edge();
        FakeStore store = new FakeStore();
        CentralConsumer central = central(store, new FakeBus(), null, new RemotePlans());
        run(central);
        List<List<Sample>> sent = samples(4, 25, 200); // 20,000 samples
        Thread producer = new Thread(() -> {
            for (List<Sample> batch : sent) {
                edge.onSamples(batch);
                sleep(10);
            }
        });
        producer.start();
        Waits.until(WAIT, () -> store.stored().size() >= 2000, "samples flowing");

        broker.kill();
        sleep(2000);
        broker.restart();

        producer.join(WAIT.toMillis());
        edge.flush();
        assertThat(edge.lost()).isZero();
        Waits.until(WAIT, () -> store.stored().size() >= 20_000, "20,000 samples stored");
        Thread.sleep(1000);
        assertStoredExactlyOnce(store, sent);
        Function<Sample, String> key = s -> s.point().value();
        assertThat(store.stored().stream().map(key).distinct()).hasSize(100);
    }

    @Test
    void theComponentIsAnEdgeOrACentralHubByItsRole() throws Exception {
        topicsOfThisTest();
        Map<String, Object> common = Settings.map(
                "bootstrapServers", broker.bootstrapServers(),
                "samplesTopic", topics.samples(),
                "eventsTopic", topics.events(),
                "plansTopic", topics.plans(),
                "eventSeconds", 1,
                "kafka.linger.ms", "5");
        Map<String, Object> edgeProps = new HashMap<>(common);
        edgeProps.put("role", "edge");
        edgeProps.put("hub", "edge-x");
        FakeBus edgeBus = new FakeBus();
        RecordingEvents edgeEvents = new RecordingEvents(Clock.systemUTC());
        Plan plan = plan("plan-9");
        PlanStore plans = new PlanStore() {
            @Override
            public Optional<Plan> latest(String communityId) {
                return Optional.of(plan);
            }

            @Override
            public Optional<Plan> latest() {
                return Optional.of(plan);
            }
        };
        KafkaComponent edge = new KafkaComponent(
                Settings.of(KafkaComponent.Config.class, edgeProps),
                edgeProps,
                edgeBus,
                null,
                edgeEvents,
                plans,
                null,
                null);
        closing.add(edge::deactivate);
        Map<String, Object> centralProps = new HashMap<>(common);
        centralProps.put("role", "central");
        centralProps.put("group", "component-" + topics.samples());
        FakeStore store = new FakeStore();
        FakeBus centralBus = new FakeBus();
        RecordingEvents centralEvents = new RecordingEvents(Clock.systemUTC());
        KafkaComponent central = new KafkaComponent(
                Settings.of(KafkaComponent.Config.class, centralProps),
                centralProps,
                centralBus,
                store,
                centralEvents,
                null,
                null,
                null);
        closing.add(central::deactivate);

        List<List<Sample>> sent = samples(2, 10, 5);
        sent.forEach(edgeBus::publish);
        edgeEvents.raise("c0", "loop.execute", Severity.ALARM, "bat1", "read-back differs");
        edge.stageRan("c0", new StageRun(LoopStage.FORECAST, 1, T0, Duration.ZERO, StageOutcome.OK, "", "", ""));
        edge.stageRan("c0", new StageRun(LoopStage.OPTIMIZE, 1, T0, Duration.ZERO, StageOutcome.OK, "", "rules", "1"));

        Waits.until(WAIT, () -> store.stored().size() >= 100, "100 samples stored by the central component");
        Waits.until(WAIT, () -> !centralEvents.raised.isEmpty(), "the edge's event raised on the central hub");
        assertStoredExactlyOnce(store, sent);
        assertThat(centralBus.all()).hasSize(100);
        assertThat(centralEvents.raised.get(0).source()).isEqualTo("edge-x:loop.execute");
        assertThat(centralEvents.raised.get(0).severity()).isEqualTo(Severity.ALARM);
        TopicPartition tp = new TopicPartition(topics.plans(), EdgePublisher.partitionOf("c0", PARTITIONS));
        List<String> ids = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : read(List.of(tp), 1)) {
            ids.add(r.key() + " " + MessageFormat.plan(r.value()).plan().id());
        }
        assertThat(ids).as("one plan after the optimize stage").containsExactly("c0 plan-9");
    }

    /** The records of {@code partitions} from their beginning, until {@code atLeast} are read or the wait is over. */
    private static List<ConsumerRecord<String, byte[]>> read(List<TopicPartition> partitions, int atLeast) {
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        try (KafkaConsumer<String, byte[]> reader = reader()) {
            reader.assign(partitions);
            reader.seekToBeginning(partitions);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (out.size() < atLeast && System.nanoTime() < deadline) {
                reader.poll(Duration.ofMillis(500)).forEach(out::add);
            }
            // One more look: anything beyond atLeast (a record written twice) shows too.
            reader.poll(Duration.ofMillis(500)).forEach(out::add);
        }
        return out;
    }

    private static Plan plan(String id) {
        return new Plan(
                id,
                "rules",
                T0,
                T0,
                Duration.ofMinutes(15),
                1,
                List.of(new AssetSchedule("bat1", null, new double[] {100}, "")),
                new Explanation("", 1, 2, List.of()));
    }

    private static KafkaConsumer<String, byte[]> reader() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        return new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
