package io.gridhub.core.internal.anomaly;

import io.gridhub.api.anomaly.Anomaly;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Posts alerts to each community's webhook: {@code {"event": "anomaly", "anomaly": {…}}} as JSON (the form of
 * {@link AnomalyJson}), asynchronously with the JDK's HttpClient. A post that fails (no answer within the timeout,
 * a status outside 2xx) is tried again after 1, 2, 4 … seconds, at most {@code attempts} times in all; then it is
 * logged and counted. At most {@link #MAX_PENDING} posts wait at a time; beyond that an alert is dropped (counted,
 * logged). Nothing here ever blocks the caller. A webhook is accepted only on a loopback address unless remote
 * webhooks are allowed (the hub's rule: nothing leaves the host unless configured).
 */
final class Webhooks {
    static final int MAX_PENDING = 100;
    private static final Logger LOG = LoggerFactory.getLogger(Webhooks.class);

    /** Counts since start: delivered, failed after every attempt, dropped (too many waiting). */
    record Counts(long delivered, long failed, long dropped) {}

    private final Map<String, URI> byCommunity;
    private final Duration timeout;
    private final int attempts;
    private final ScheduledExecutorService retries;
    private final HttpClient client;
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicLong delivered = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();

    Webhooks(Map<String, URI> byCommunity, Duration timeout, int attempts, ScheduledExecutorService retries) {
        this.byCommunity = Map.copyOf(byCommunity);
        this.timeout = timeout;
        this.attempts = Math.max(1, attempts);
        this.retries = retries;
        // No client (and none of its threads) while no community has a webhook.
        this.client = byCommunity.isEmpty()
                ? null
                : HttpClient.newBuilder()
                        .connectTimeout(timeout)
                        .followRedirects(HttpClient.Redirect.NEVER)
                        .build();
    }

    /**
     * The webhooks of {@code entries} ({@code community=url}, also several in one entry, comma-separated); an entry
     * that is malformed, not http(s), or not on a loopback address while {@code remote} is false is left out with an
     * error in the log.
     */
    static Map<String, URI> parse(String[] entries, boolean remote) {
        Map<String, URI> out = new LinkedHashMap<>();
        List<String> all = new ArrayList<>();
        // A .cfg file gives one string: its entries are comma-separated.
        for (String entry : entries == null ? new String[0] : entries) {
            all.addAll(List.of(entry == null ? new String[0] : entry.split(",")));
        }
        for (String e : all) {
            if (e.isBlank()) {
                continue;
            }
            int eq = e.indexOf('=');
            String community = eq < 0 ? "" : e.substring(0, eq).trim();
            String url = eq < 0 ? "" : e.substring(eq + 1).trim();
            try {
                if (community.isEmpty()) {
                    throw new IllegalArgumentException("write community=url");
                }
                out.put(community, check(URI.create(url), remote));
            } catch (IllegalArgumentException x) {
                LOG.error("anomaly webhook '{}' is left out: {}", e, x.getMessage());
            }
        }
        return out;
    }

    private static URI check(URI uri, boolean remote) {
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("an http or https URL is needed");
        }
        if (uri.getHost() == null) {
            throw new IllegalArgumentException("the URL has no host");
        }
        if (!remote && !loopback(uri.getHost())) {
            throw new IllegalArgumentException("the host " + uri.getHost() + " is not this host's loopback: set "
                    + "webhookRemote = true to post alerts off this host");
        }
        return uri;
    }

    /** Whether {@code host} is a loopback address literal or {@code localhost} (no name is looked up). */
    static boolean loopback(String host) {
        String h = host.startsWith("[") && host.endsWith("]") ? host.substring(1, host.length() - 1) : host;
        if (h.equalsIgnoreCase("localhost")) {
            return true;
        }
        if (!h.contains(":") && !h.matches("[0-9.]+")) {
            return false;
        }
        try {
            return InetAddress.getByName(h).isLoopbackAddress();
        } catch (UnknownHostException e) {
            return false;
        }
    }

    boolean configured(String community) {
        return byCommunity.containsKey(community);
    }

    /** Posts the alert to its community's webhook, if it has one; returns at once. */
    void post(Anomaly a) {
        URI uri = byCommunity.get(a.finding().community());
        if (uri == null) {
            return;
        }
        if (pending.incrementAndGet() > MAX_PENDING) {
            pending.decrementAndGet();
            dropped.incrementAndGet();
            LOG.warn("anomaly {}: alert to {} dropped: {} alerts are waiting already", a.id(), uri, MAX_PENDING);
            return;
        }
        String body = AnomalyJson.MAPPER
                .createObjectNode()
                .put("event", "anomaly")
                .set("anomaly", AnomalyJson.write(a))
                .toString();
        HttpRequest req = HttpRequest.newBuilder(uri)
                .timeout(timeout)
                .header("Content-Type", "application/json")
                .header("User-Agent", "gridhub")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8))
                .build();
        attempt(a.id(), req, 1);
    }

    private void attempt(long id, HttpRequest req, int n) {
        client.sendAsync(req, HttpResponse.BodyHandlers.discarding()).whenComplete((resp, error) -> {
            if (error == null && resp.statusCode() / 100 == 2) {
                delivered.incrementAndGet();
                pending.decrementAndGet();
                return;
            }
            String why = error != null ? error.toString() : "HTTP " + resp.statusCode();
            if (n < attempts && !retries.isShutdown()) {
                LOG.debug("anomaly {}: webhook {} attempt {} failed ({}), trying again", id, req.uri(), n, why);
                try {
                    retries.schedule(() -> attempt(id, req, n + 1), 1L << Math.min(n - 1, 6), TimeUnit.SECONDS);
                    return;
                } catch (RuntimeException e) {
                    why = why + "; no retry: " + e;
                }
            }
            failed.incrementAndGet();
            pending.decrementAndGet();
            LOG.warn("anomaly {}: the alert to webhook {} failed after {} attempt(s): {}", id, req.uri(), n, why);
        });
    }

    Counts counts() {
        return new Counts(delivered.get(), failed.get(), dropped.get());
    }
}
