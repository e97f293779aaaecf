package io.gridhub.kafka.internal;

import io.gridhub.api.bus.SampleBus;
import io.gridhub.api.bus.Subscription;
import io.gridhub.api.dispatch.PlanStore;
import io.gridhub.api.event.HubEvents;
import io.gridhub.api.loop.LoopStage;
import io.gridhub.api.loop.StageListener;
import io.gridhub.api.loop.StageOutcome;
import io.gridhub.api.loop.StageRun;
import io.gridhub.api.registry.PointRegistry;
import io.gridhub.api.registry.TopologyProvider;
import io.gridhub.api.store.TimeSeriesStore;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.osgi.service.metatype.annotations.Option;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The hub's side of the scale-out over Kafka (docs/scale-out.md), off until its configuration
 * ({@code etc/io.gridhub.kafka.cfg}) exists with a role: {@code edge} publishes this hub's samples, events and
 * plans ({@link EdgePublisher}); {@code central} consumes them into this hub's store in the central hubs' consumer
 * group ({@link CentralConsumer}). Keys starting with {@code kafka.} are handed to the Kafka clients without the
 * prefix (e.g. {@code kafka.security.protocol = SSL}).
 *
 * <p>A {@link StageListener}: after each optimize stage that made a plan, the edge publishes the community's latest
 * plan once.
 */
@Component(
        service = StageListener.class,
        immediate = true,
        configurationPid = KafkaComponent.PID,
        configurationPolicy = ConfigurationPolicy.REQUIRE)
@Designate(ocd = KafkaComponent.Config.class)
public final class KafkaComponent implements StageListener {
    static final String PID = "io.gridhub.kafka";
    private static final Logger LOG = LoggerFactory.getLogger(KafkaComponent.class);

    @ObjectClassDefinition(name = "gridhub Kafka", description = "Scale-out: edge hubs publish, central hubs consume")
    public @interface Config {
        @AttributeDefinition(
                description = "edge: publish this hub's samples, events and plans; central: consume them; off",
                options = {
                    @Option(value = "off", label = "off"),
                    @Option(value = "edge", label = "edge"),
                    @Option(value = "central", label = "central")
                })
        String role() default "off";

        @AttributeDefinition(description = "Kafka bootstrap servers, host:port[,host:port…]")
        String bootstrapServers() default "127.0.0.1:9092";

        @AttributeDefinition(required = false, description = "This hub's name in messages; empty: the host name")
        String hub() default "";

        @AttributeDefinition(description = "Topic of samples (message format v1)")
        String samplesTopic() default "gridhub.samples";

        @AttributeDefinition(description = "Topic of events")
        String eventsTopic() default "gridhub.events";

        @AttributeDefinition(description = "Topic of plans")
        String plansTopic() default "gridhub.plans";

        @AttributeDefinition(
                description = "What a record's partition follows: the community, or the community and the feeder",
                options = {
                    @Option(value = "community", label = "community"),
                    @Option(value = "feeder", label = "feeder")
                })
        String partitionBy() default "community";

        @AttributeDefinition(
                required = false,
                description = "Communities published (edge) or stored (central); empty: all")
        String[] communities() default {};

        @AttributeDefinition(description = "Consumer group of the central hubs: they share the partitions")
        String group() default "gridhub-central";

        @AttributeDefinition(description = "Partitions of a topic this hub creates when missing; 0: the broker's")
        int partitions() default 0;

        @AttributeDefinition(description = "Replicas of a topic this hub creates when missing; 0: the broker's")
        int replicationFactor() default 0;

        @AttributeDefinition(description = "Producer compression: none, lz4, zstd, snappy or gzip")
        String compression() default "lz4";

        @AttributeDefinition(description = "Seconds between the edge's looks at the event log", min = "1")
        int eventSeconds() default 2;
    }

    private final Subscription subscription;
    private final EdgePublisher edge;
    private final CentralConsumer central;
    private final ScheduledExecutorService worker;
    private final PlanStore planStore;
    private final KafkaClients clients;

    @Activate
    public KafkaComponent(
            Config config,
            Map<String, Object> properties,
            @Reference SampleBus bus,
            @Reference(cardinality = ReferenceCardinality.OPTIONAL, policyOption = ReferencePolicyOption.GREEDY)
                    TimeSeriesStore store,
            @Reference(cardinality = ReferenceCardinality.OPTIONAL, policyOption = ReferencePolicyOption.GREEDY)
                    HubEvents events,
            @Reference(cardinality = ReferenceCardinality.OPTIONAL, policyOption = ReferencePolicyOption.GREEDY)
                    PlanStore planStore,
            @Reference(cardinality = ReferenceCardinality.OPTIONAL, policyOption = ReferencePolicyOption.GREEDY)
                    TopologyProvider topology,
            @Reference(cardinality = ReferenceCardinality.OPTIONAL, policyOption = ReferencePolicyOption.GREEDY)
                    PointRegistry registry) {
        String role = config.role().trim().toLowerCase(Locale.ROOT);
        Topics topics = new Topics(config.samplesTopic(), config.eventsTopic(), config.plansTopic());
        Set<String> communities = Set.of(config.communities());
        String hub =
                config.hub().isBlank() ? KafkaClients.hostName() : config.hub().trim();
        this.planStore = planStore;
        this.clients = new KafkaClients(config.bootstrapServers(), hub, KafkaClients.passThrough(properties));
        this.worker = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "gridhub-kafka-" + role));
        switch (role) {
            case "edge" -> {
                CommunityOf.PartitionBy by = CommunityOf.PartitionBy.valueOf(
                        config.partitionBy().trim().toUpperCase(Locale.ROOT));
                edge = new EdgePublisher(
                        clients.producer(config.compression()),
                        topics,
                        hub,
                        new CommunityOf(topology, registry, by),
                        communities);
                central = null;
                worker.execute(() -> clients.ensureTopics(topics, config.partitions(), config.replicationFactor()));
                subscription = bus.subscribe("kafka-edge", p -> true, SampleBus.DEFAULT_CAPACITY, edge);
                if (events != null) {
                    worker.scheduleWithFixedDelay(
                            () -> publishEvents(events), 1, config.eventSeconds(), TimeUnit.SECONDS);
                }
                LOG.info("Kafka edge {} publishes to {} at {}", hub, topics.all(), config.bootstrapServers());
            }
            case "central" -> {
                edge = null;
                subscription = null;
                if (store == null) {
                    LOG.warn("Kafka central role waits for a time-series store; nothing is consumed until one runs");
                    central = null;
                } else {
                    central = new CentralConsumer(
                            clients.consumer(config.group()),
                            topics,
                            store,
                            bus,
                            events,
                            new RemotePlans(),
                            communities);
                    worker.execute(() -> {
                        clients.ensureTopics(topics, config.partitions(), config.replicationFactor());
                        central.run();
                    });
                    LOG.info(
                            "Kafka central {} consumes {} in group {} at {}",
                            hub,
                            topics.all(),
                            config.group(),
                            config.bootstrapServers());
                }
            }
            case "off" -> {
                edge = null;
                central = null;
                subscription = null;
            }
            default ->
                throw new IllegalArgumentException("role must be edge, central or off, got '" + config.role() + "'");
        }
    }

    private void publishEvents(HubEvents events) {
        try {
            edge.resend();
            edge.publishEvents(events);
        } catch (RuntimeException e) {
            LOG.warn("publishing events to Kafka failed: {}", e.toString());
        }
    }

    @Override
    public void stageRan(String community, StageRun run) {
        if (edge != null
                && planStore != null
                && run.stage() == LoopStage.OPTIMIZE
                && run.outcome() != StageOutcome.FAILED
                && run.outcome() != StageOutcome.SKIPPED) {
            planStore.latest(community).ifPresent(p -> edge.publishPlan(community, p));
        }
    }

    @Deactivate
    void deactivate() {
        if (subscription != null) {
            subscription.close();
        }
        if (central != null) {
            central.stop();
        }
        // The consumer leaves its group on its own thread; interrupting it would cut its close short. What still
        // runs after a while (topics checked against a broker that does not answer) is interrupted.
        worker.shutdown();
        try {
            if (!worker.awaitTermination(15, TimeUnit.SECONDS)) {
                worker.shutdownNow();
                worker.awaitTermination(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            worker.shutdownNow();
            Thread.currentThread().interrupt();
        }
        clients.close(Duration.ofSeconds(10));
    }
}
