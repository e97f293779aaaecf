package io.gridhub.kafka.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the Kafka clients with the settings at-least-once needs, and the topics when missing. The clients are made
 * with this bundle's class loader as the thread's context loader: Kafka loads configured classes through it, and in
 * OSGi the caller's would not see the embedded client.
 */
final class KafkaClients {
    /** Configuration keys with this prefix go to the Kafka clients without it. */
    static final String PASS_THROUGH = "kafka.";

    private static final Logger LOG = LoggerFactory.getLogger(KafkaClients.class);
    private final String bootstrapServers;
    private final String hub;
    private final Map<String, Object> extra;
    private final List<AutoCloseable> made = new ArrayList<>();

    KafkaClients(String bootstrapServers, String hub, Map<String, Object> extra) {
        this.bootstrapServers = bootstrapServers;
        this.hub = hub;
        this.extra = Map.copyOf(extra);
    }

    /** The {@code kafka.*} keys of a configuration, without the prefix. */
    static Map<String, Object> passThrough(Map<String, Object> properties) {
        Map<String, Object> out = new HashMap<>();
        properties.forEach((k, v) -> {
            if (k.startsWith(PASS_THROUGH) && v != null) {
                out.put(k.substring(PASS_THROUGH.length()), v.toString());
            }
        });
        return out;
    }

    static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "hub";
        }
    }

    /** Idempotent, {@code acks=all}, retrying until its delivery timeout: nothing written twice, nothing skipped. */
    synchronized KafkaProducer<String, byte[]> producer(String compression) {
        Properties p = base();
        p.put(ProducerConfig.CLIENT_ID_CONFIG, hub + "-edge");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, compression);
        p.put(ProducerConfig.LINGER_MS_CONFIG, "20");
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "120000");
        p.putAll(extra);
        return remember(withOwnLoader(() -> new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())));
    }

    /** In {@code group}, committing by hand only (after the store's acknowledgement), from the earliest record. */
    synchronized KafkaConsumer<String, byte[]> consumer(String group) {
        Properties p = base();
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, hub + "-central");
        p.put(ConsumerConfig.GROUP_ID_CONFIG, group);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
        p.putAll(extra);
        // The consumer is closed by its own thread (CentralConsumer.run), not here.
        return withOwnLoader(() -> new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer()));
    }

    /**
     * Creates the topics that are missing, with {@code partitions} and {@code replicas} (0: the broker's defaults);
     * retries every 5 s while no broker answers, until the thread is interrupted.
     */
    void ensureTopics(Topics topics, int partitions, int replicas) {
        Properties p = base();
        p.putAll(extra);
        while (!Thread.currentThread().isInterrupted()) {
            try (Admin admin = withOwnLoader(() -> Admin.create(p))) {
                Set<String> existing = admin.listTopics().names().get();
                List<NewTopic> missing = new ArrayList<>();
                for (String t : topics.all()) {
                    if (!existing.contains(t)) {
                        missing.add(new NewTopic(
                                t,
                                partitions > 0 ? Optional.of(partitions) : Optional.empty(),
                                replicas > 0 ? Optional.of((short) replicas) : Optional.empty()));
                    }
                }
                for (var f : admin.createTopics(missing).values().entrySet()) {
                    try {
                        f.getValue().get();
                        LOG.info("created Kafka topic {}", f.getKey());
                    } catch (ExecutionException e) {
                        if (!(e.getCause() instanceof TopicExistsException)) {
                            throw e;
                        }
                    }
                }
                return;
            } catch (ExecutionException | RuntimeException e) {
                LOG.warn(
                        "cannot check the Kafka topics at {}, trying again in 5 s: {}", bootstrapServers, e.toString());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            try {
                Thread.sleep(5000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Closes the producers made here (flushing what they hold, within {@code timeout}). */
    synchronized void close(Duration timeout) {
        for (AutoCloseable c : made) {
            try {
                if (c instanceof KafkaProducer<?, ?> producer) {
                    producer.close(timeout);
                } else {
                    c.close();
                }
            } catch (Exception e) {
                LOG.debug("closing a Kafka client failed", e);
            }
        }
        made.clear();
    }

    private Properties base() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return p;
    }

    private <T extends AutoCloseable> T remember(T client) {
        made.add(client);
        return client;
    }

    private static <T> T withOwnLoader(Supplier<T> make) {
        Thread t = Thread.currentThread();
        ClassLoader before = t.getContextClassLoader();
        t.setContextClassLoader(KafkaClients.class.getClassLoader());
        try {
            return make.get();
        } finally {
            t.setContextClassLoader(before);
        }
    }
}
