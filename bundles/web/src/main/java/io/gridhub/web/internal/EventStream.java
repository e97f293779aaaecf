package io.gridhub.web.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.gridhub.api.bus.SampleListener;
import io.gridhub.api.bus.Subscription;
import io.gridhub.api.event.HubEvent;
import io.gridhub.api.event.HubEvents;
import io.gridhub.api.model.PointId;
import io.gridhub.api.model.Sample;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import javax.servlet.http.HttpServletResponse;

/**
 * {@code GET /events} with {@code Accept: text/event-stream}: a live stream (Server-Sent Events) of new point values
 * ({@code event: sample}, data: the sample) and of the hub's events ({@code event: hub-event}, {@code id:} and data:
 * the event), with a comment line as heartbeat every {@link Settings#heartbeat()}. {@code ?points=} filters the
 * samples by point patterns ({@code *} any characters, comma-separated). Each client has a bounded queue fed by its
 * own bus subscription: the bus never waits for it, and a client that falls behind (its queue full, or the bus
 * dropping for it) is told so in a comment and disconnected, to reconnect. Events are read from the event log every
 * {@link Settings#eventPoll()} (at most 100 new ones each time). The stream holds one server thread per client, so
 * clients are capped ({@link Settings#maxClients()}; more get 503). {@code Last-Event-ID} is not honoured: a
 * reconnecting client starts from now.
 */
final class EventStream {
    /**
     * How a stream runs; {@link #DEFAULT} in the hub, shorter in tests. A queued sample is some 200 bytes of JSON:
     * 2000 of them are seconds of a community's values, and all clients' queues together stay a few MB of heap.
     */
    record Settings(Duration heartbeat, Duration eventPoll, int queue, int maxClients) {
        static final Settings DEFAULT = new Settings(Duration.ofSeconds(15), Duration.ofSeconds(1), 2_000, 32);
    }

    static final String TYPE = "text/event-stream";
    private static final int EVENTS_PER_POLL = 100;

    private final Services hub;
    private volatile Settings settings;
    private final AtomicInteger open = new AtomicInteger();
    private volatile boolean closed;

    EventStream(Services hub, Settings settings) {
        this.hub = hub;
        this.settings = settings;
    }

    void settings(Settings s) {
        this.settings = s;
    }

    /** Whether a request asks for the stream (a HEAD never gets one: it would not end). */
    static boolean wanted(Call c) {
        String accept = c.req().getHeader("Accept");
        return accept != null && accept.contains(TYPE) && !c.req().getMethod().equals("HEAD");
    }

    /** Ends every open stream (within a poll interval): the API is going away. */
    void close() {
        closed = true;
    }

    int open() {
        return open.get();
    }

    /** Streams to the caller until it goes away, falls behind, or the API closes. */
    void run(Call c) throws IOException {
        Settings settings = this.settings;
        Predicate<PointId> filter = filter(c.param("points"));
        if (closed) {
            throw new ApiException(503, "the REST API is stopping");
        }
        if (open.incrementAndGet() > settings.maxClients()) {
            open.decrementAndGet();
            throw new ApiException(
                    503, "already " + settings.maxClients() + " event streams open: try again later, or poll");
        }
        Client client = new Client(settings.queue());
        Subscription sub = null;
        try {
            HttpServletResponse resp = c.resp();
            resp.setStatus(200);
            resp.setContentType(TYPE);
            resp.setCharacterEncoding("UTF-8");
            resp.setHeader("Cache-Control", "no-store");
            // No proxy in between should buffer the stream.
            resp.setHeader("X-Accel-Buffering", "no");
            OutputStream out = resp.getOutputStream();
            long lastEvent = newestEvent();
            sub = hub.bus().subscribe("event stream of " + c.caller().name(), filter, settings.queue(), client);
            send(out, "retry: 5000\n: connected\n\n");
            stream(out, client, lastEvent, settings);
        } catch (IOException e) {
            // The client went away: nothing to answer.
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (sub != null) {
                sub.close();
            }
            open.decrementAndGet();
        }
    }

    private void stream(OutputStream out, Client client, long lastEvent, Settings settings)
            throws IOException, InterruptedException {
        long beat = settings.heartbeat().toNanos();
        long poll = settings.eventPoll().toNanos();
        long nextBeat = System.nanoTime() + beat;
        long nextPoll = System.nanoTime() + poll;
        long last = lastEvent;
        while (!closed) {
            long wait = Math.max(1, Math.min(nextBeat, nextPoll) - System.nanoTime());
            String frame = client.frames.poll(wait, TimeUnit.NANOSECONDS);
            if (client.behind) {
                send(out, ": dropped: this client read more slowly than the hub produced; reconnect\n\n");
                return;
            }
            if (frame != null) {
                StringBuilder batch = new StringBuilder(frame);
                for (int i = 0; i < 1000 && (frame = client.frames.poll()) != null; i++) {
                    batch.append(frame);
                }
                send(out, batch.toString());
            }
            long now = System.nanoTime();
            if (now - nextPoll >= 0) {
                last = events(out, last);
                nextPoll = now + poll;
            }
            if (now - nextBeat >= 0) {
                send(out, ": heartbeat\n\n");
                nextBeat = now + beat;
            }
        }
    }

    /** The id of the newest event now (0 without an event log): the stream sends only newer ones. */
    private long newestEvent() {
        HubEvents events = hub.now().events();
        if (events == null) {
            return 0;
        }
        List<HubEvent> newest = events.recent(1);
        return newest.isEmpty() ? 0 : newest.get(0).id();
    }

    /** Sends the events newer than {@code last}, oldest first; the id of the newest sent. */
    private long events(OutputStream out, long last) throws IOException {
        HubEvents events = hub.now().events();
        if (events == null) {
            return last;
        }
        List<HubEvent> recent = events.recent(EVENTS_PER_POLL);
        StringBuilder frames = new StringBuilder();
        long newest = last;
        for (int i = recent.size() - 1; i >= 0; i--) {
            HubEvent e = recent.get(i);
            if (e.id() > last) {
                frames.append("id: ").append(e.id()).append('\n').append(frame("hub-event", e));
                newest = Math.max(newest, e.id());
            }
        }
        if (!frames.isEmpty()) {
            send(out, frames.toString());
        }
        return newest;
    }

    private static void send(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    /** One event of the stream: its type and its JSON on one data line. */
    static String frame(String event, Object data) {
        try {
            return "event: " + event + "\ndata: " + Json.MAPPER.writeValueAsString(data) + "\n\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("not writable as JSON: " + data, e);
        }
    }

    /** The points {@code patterns} ask for: comma-separated, {@code *} any characters; all when absent. */
    static Predicate<PointId> filter(String patterns) {
        if (patterns == null || patterns.isBlank()) {
            return p -> true;
        }
        List<Pattern> any = new ArrayList<>();
        for (String glob : patterns.split(",")) {
            String g = glob.trim();
            if (!g.isEmpty()) {
                StringBuilder re = new StringBuilder();
                for (String part : g.split("\\*", -1)) {
                    if (!re.isEmpty()) {
                        re.append(".*");
                    }
                    re.append(Pattern.quote(part));
                }
                any.add(Pattern.compile(re.toString()));
            }
        }
        if (any.isEmpty()) {
            throw new ApiException(
                    400, "points must be point patterns such as demo.shared-bat.*, got '" + patterns + "'");
        }
        return p -> any.stream().anyMatch(x -> x.matcher(p.value()).matches());
    }

    /** One client's queue, fed by its bus subscription without ever blocking the bus. */
    private static final class Client implements SampleListener {
        final BlockingQueue<String> frames;
        volatile boolean behind;

        Client(int capacity) {
            frames = new ArrayBlockingQueue<>(capacity);
        }

        @Override
        public void onSamples(List<Sample> samples) {
            for (Sample s : samples) {
                if (behind || !frames.offer(frame("sample", s))) {
                    behind = true;
                    return;
                }
            }
        }

        @Override
        public void onMissed(long count) {
            behind = true;
        }
    }
}
