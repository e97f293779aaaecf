package io.gridhub.kafka.internal;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The plans other hubs published, the latest (by issue time) per community, each logged once at info as it
 * arrives. Kept in memory: a central hub makes its own plans; these are for comparison and the record.
 */
final class RemotePlans {
    private static final Logger LOG = LoggerFactory.getLogger(RemotePlans.class);
    private final Map<String, MessageFormat.PlanMessage> latest = new ConcurrentHashMap<>();

    void put(MessageFormat.PlanMessage m) {
        MessageFormat.PlanMessage before = latest.merge(
                m.community(),
                m,
                (old, now) -> now.plan().issueTime().isBefore(old.plan().issueTime()) ? old : now);
        if (before == m) {
            LOG.info(
                    "plan {} for community {} from hub {} (strategy {}, issued {})",
                    m.plan().id(),
                    m.community(),
                    m.hub(),
                    m.plan().strategy(),
                    m.plan().issueTime());
        }
    }

    Optional<MessageFormat.PlanMessage> latest(String community) {
        return Optional.ofNullable(latest.get(community));
    }
}
