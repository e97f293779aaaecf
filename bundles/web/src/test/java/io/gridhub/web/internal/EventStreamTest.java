package io.gridhub.web.internal;

import static io.gridhub.web.internal.FakeHttp.nothing;
import static org.assertj.core.api.Assertions.assertThat;

import io.gridhub.api.driver.DeviceRegistry;
import io.gridhub.api.event.Severity;
import io.gridhub.api.model.PointId;
import io.gridhub.api.model.Quality;
import io.gridhub.api.model.Sample;
import io.gridhub.api.registry.PointRegistry;
import io.gridhub.api.strategy.StrategyRegistry;
import io.gridhub.testkit.FakeBus;
import io.gridhub.testkit.RecordingAuditTrail;
import io.gridhub.testkit.RecordingEvents;
import io.gridhub.testkit.SteppingClock;
import io.gridhub.testkit.Waits;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.servlet.DispatcherType;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.servlet.FilterHolder;
import org.eclipse.jetty.servlet.ServletContextHandler;
import org.eclipse.jetty.servlet.ServletHolder;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.osgi.framework.BundleContext;

/** The live stream on a real server (Jetty, as Pax Web runs it) read by a real HTTP client, through the filter. */
class EventStreamTest {
    private static final Instant T = Instant.parse("2026-12-07T10:00:00Z");
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path dir;

    private final FakeBus bus = new FakeBus();
    private final RecordingEvents events = new RecordingEvents(Clock.fixed(T, ZoneOffset.UTC));
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<InputStream> bodies = new ArrayList<>();
    private Server server;
    private ApiServlet servlet;
    private String base;

    @BeforeEach
    void start() throws Exception {
        ApiTokens tokens = new ApiTokens(dir.resolve("keys/api-tokens.json"), Clock.systemUTC());
        AccessFilter filter = new AccessFilter(
                        tokens,
                        new Authenticator("karaf", TestRealm.CONFIGURATION),
                        List::of,
                        id -> Optional.empty(),
                        new DemoGuard(dir.resolve("users.properties"), dir.resolve("demo-configuration")))
                .audit(new RecordingAuditTrail(SteppingClock.at(T)));
        servlet = new ApiServlet(
                        nothing(BundleContext.class),
                        bus,
                        bus,
                        nothing(PointRegistry.class),
                        List::of,
                        nothing(StrategyRegistry.class),
                        nothing(DeviceRegistry.class),
                        tokens,
                        Clock.systemUTC())
                .streams(new EventStream.Settings(Duration.ofMillis(300), Duration.ofMillis(50), 10, 2))
                .events(events);
        TestRealm.user("viewer", Roles.VIEWER);
        server = new Server(new InetSocketAddress("127.0.0.1", 0));
        ServletContextHandler context = new ServletContextHandler();
        context.addFilter(new FilterHolder(filter), "/*", EnumSet.of(DispatcherType.REQUEST));
        context.addServlet(new ServletHolder(servlet), "/api/v1/*");
        server.setHandler(context);
        server.start();
        base = "http://127.0.0.1:" + ((ServerConnector) server.getConnectors()[0]).getLocalPort();
    }

    @AfterEach
    void stop() throws Exception {
        for (InputStream in : bodies) {
            in.close();
        }
        server.stop();
    }

    private HttpRequest.Builder get(String path) {
        return HttpRequest.newBuilder(URI.create(base + path))
                .header(
                        "Authorization",
                        "Basic "
                                + Base64.getEncoder()
                                        .encodeToString("viewer:pw-viewer".getBytes(StandardCharsets.UTF_8)));
    }

    /** The stream's lines as they come, read by a thread of its own; null after the end. */
    private BlockingQueue<Optional<String>> stream(String path) throws Exception {
        HttpResponse<InputStream> r = http.send(
                get(path).header("Accept", "text/event-stream").build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/event-stream"));
        bodies.add(r.body());
        BlockingQueue<Optional<String>> lines = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    lines.add(Optional.of(line));
                }
            } catch (IOException e) {
                // closed by the test
            }
            lines.add(Optional.empty());
        });
        reader.setDaemon(true);
        reader.start();
        return lines;
    }

    /** Reads lines until one starts with {@code prefix}; the lines read, that one last. */
    private static List<String> until(BlockingQueue<Optional<String>> lines, String prefix) throws Exception {
        List<String> seen = new ArrayList<>();
        long end = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < end) {
            Optional<String> line = lines.poll(100, TimeUnit.MILLISECONDS);
            if (line == null) {
                continue;
            }
            if (line.isEmpty()) {
                throw new AssertionError("the stream ended before '" + prefix + "'; read " + seen);
            }
            seen.add(line.get());
            if (line.get().startsWith(prefix)) {
                return seen;
            }
        }
        throw new AssertionError("no line '" + prefix + "' within " + WAIT + "; read " + seen);
    }

    /** Reads lines until the stream ends (the server closed it). */
    private static void ended(BlockingQueue<Optional<String>> lines) throws Exception {
        long end = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < end) {
            Optional<String> line = lines.poll(100, TimeUnit.MILLISECONDS);
            if (line != null && line.isEmpty()) {
                return;
            }
        }
        throw new AssertionError("the stream did not end within " + WAIT);
    }

    private static Sample sample(String point, double value) {
        return new Sample(PointId.of(point), value, Quality.GOOD, T, T);
    }

    @Test
    void streamsNewValuesOfTheFilteredPointsAndNewEventsWithAHeartbeat() throws Exception {
        events.raise("demo", "loop", Severity.INFO, "x", "before the stream: not sent");
        BlockingQueue<Optional<String>> lines = stream("/api/v1/events?points=demo.shared-bat.*,demo.pv.p");
        assertThat(until(lines, ": connected")).containsExactly("retry: 5000", ": connected");
        Waits.until(WAIT, () -> bus.subscribers() == 1, "the stream's bus subscription");

        bus.publish(List.of(sample("demo.m01-meter.p", 3), sample("demo.shared-bat.p", 1500)));
        bus.publish(List.of(sample("demo.pv.p", -4200)));
        List<String> got = until(lines, "data: {\"point\":\"demo.pv.p\"");
        assertThat(got)
                .filteredOn(l -> l.startsWith("data:"))
                .containsExactly(
                        "data: {\"point\":\"demo.shared-bat.p\",\"value\":1500.0,\"quality\":{\"status\":\"GOOD\","
                                + "\"reason\":\"NONE\",\"detail\":\"\"},\"sourceTime\":\"2026-12-07T10:00:00Z\","
                                + "\"receivedTime\":\"2026-12-07T10:00:00Z\"}",
                        got.get(got.size() - 1));
        assertThat(got).contains("event: sample").noneMatch(l -> l.contains("m01"));

        events.raise("demo", "loop.execute", Severity.WARNING, "bat", "write refused");
        List<String> event = until(lines, "data: {\"id\":2");
        assertThat(event.subList(event.size() - 3, event.size() - 1)).containsExactly("id: 2", "event: hub-event");
        assertThat(event.get(event.size() - 1))
                .contains("\"message\":\"write refused\"", "\"time\":\"2026-12-07T10:00:00Z\"");
        assertThat(until(lines, ": heartbeat")).isNotEmpty();

        // Without the Accept header the same route is the JSON list it was.
        HttpResponse<String> list = http.send(get("/api/v1/events").build(), HttpResponse.BodyHandlers.ofString());
        assertThat(list.statusCode()).isEqualTo(200);
        assertThat(list.body()).startsWith("{\"events\":[{\"id\":2,");
        HttpResponse<String> anonymous = http.send(
                HttpRequest.newBuilder(URI.create(base + "/api/v1/events"))
                        .header("Accept", "text/event-stream")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
        assertThat(anonymous.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
    }

    @Test
    void aClientThatFallsBehindIsDroppedNotTheHub() throws Exception {
        BlockingQueue<Optional<String>> slow = stream("/api/v1/events");
        until(slow, ": connected");
        Waits.until(WAIT, () -> bus.subscribers() == 1, "the stream's bus subscription");
        List<Sample> burst = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            burst.add(sample("demo.p" + i, i));
        }
        long t0 = System.nanoTime();
        bus.publish(burst);
        // The bus hands over and goes on: the client's queue (10 here) never makes it wait.
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(1));
        assertThat(until(slow, ": dropped")).isNotEmpty();
        ended(slow);
        Waits.until(WAIT, () -> bus.subscribers() == 0, "the dropped stream's subscription closed");
    }

    @Test
    void streamsAreCappedAndEndWithTheApi() throws Exception {
        until(stream("/api/v1/events"), ": connected");
        BlockingQueue<Optional<String>> second = stream("/api/v1/events");
        until(second, ": connected");
        HttpResponse<String> third = http.send(
                get("/api/v1/events").header("Accept", "text/event-stream").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(third.statusCode()).isEqualTo(503);
        assertThat(third.body()).contains("already 2 event streams open");
        HttpResponse<String> bad = http.send(
                get("/api/v1/events?points=,")
                        .header("Accept", "text/event-stream")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(bad.statusCode()).isEqualTo(400);
        // HEAD never streams: it answers as the list would, and ends.
        HttpResponse<String> head = http.send(
                get("/api/v1/events")
                        .method("HEAD", HttpRequest.BodyPublishers.noBody())
                        .header("Accept", "text/event-stream")
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(head.statusCode()).isEqualTo(200);
        assertThat(head.headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        servlet.destroy();
        Waits.until(WAIT, () -> bus.subscribers() == 0, "the streams ended with the API");
        ended(second);
    }
}
