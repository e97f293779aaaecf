package io.gridhub.driver.ocpp.internal;

import com.fasterxml.jackson.databind.JsonNode;
import io.gridhub.driver.ocpp.OcppSettings;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArraySet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;

/**
 * One open WebSocket of a known charge point: what it said (boot, connector states, meter values) and the calls the
 * hub sends it. OCPP-J allows one outstanding CALL per direction, so calls wait in a queue and go one at a time; a
 * call without an answer within the call timeout fails and the next one goes.
 */
final class ChargePointLink {
    /** The socket under the link. */
    interface Socket {
        /** Sends one text frame; false when the socket is closed. */
        boolean send(String text);

        /** Closes the socket (idempotent). */
        void close(String why);
    }

    private record Call(String action, JsonNode payload, CompletableFuture<JsonNode> answer) {}

    final String id;
    final OcppSettings settings;
    final String remote;
    final Measurements measurements = new Measurements();
    final Map<Integer, String> connectorStatus = new ConcurrentHashMap<>();
    private final Socket sender;
    private final Duration callTimeout;
    private final Set<Consumer<Throwable>> closeListeners = new CopyOnWriteArraySet<>();
    private final Deque<Call> queue = new ArrayDeque<>();
    private Call inFlight;
    private String inFlightId;
    private volatile boolean open = true;
    volatile boolean booted;
    volatile String vendor = "";
    volatile String model = "";
    volatile Instant lastSeen;

    ChargePointLink(String id, OcppSettings settings, String remote, Socket sender, Duration callTimeout, Instant now) {
        this.id = id;
        this.settings = settings;
        this.remote = remote;
        this.sender = sender;
        this.callTimeout = callTimeout;
        this.lastSeen = now;
    }

    boolean isOpen() {
        return open;
    }

    /** Sends a frame as is (answers to the charge point's calls). */
    void send(String text) {
        sender.send(text);
    }

    /** Queues a CALL; the answer's payload (validated by the caller) or the failure completes the future. */
    CompletableFuture<JsonNode> call(String action, JsonNode payload) {
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        synchronized (queue) {
            if (!open) {
                answer.completeExceptionally(new IllegalStateException("charge point " + id + " is not connected"));
                return answer;
            }
            queue.add(new Call(action, payload, answer));
            sendNext();
        }
        return answer;
    }

    private void sendNext() {
        if (inFlight != null || queue.isEmpty()) {
            return;
        }
        Call c = queue.poll();
        String uid = UUID.randomUUID().toString();
        inFlight = c;
        inFlightId = uid;
        c.answer.orTimeout(callTimeout.toMillis(), TimeUnit.MILLISECONDS).whenComplete((r, e) -> done(uid));
        if (!sender.send(Frame.call(uid, c.action, c.payload).toJson())) {
            c.answer.completeExceptionally(new IllegalStateException("charge point " + id + " is not connected"));
        }
    }

    private void done(String uid) {
        synchronized (queue) {
            if (uid.equals(inFlightId)) {
                inFlight = null;
                inFlightId = null;
                sendNext();
            }
        }
    }

    /** The action of the call now waiting for {@code uid}'s answer, or null (late, unknown or already timed out). */
    String pendingAction(String uid) {
        synchronized (queue) {
            return uid.equals(inFlightId) ? inFlight.action : null;
        }
    }

    /** Completes the call waiting for {@code uid}. */
    void answer(String uid, JsonNode payload, Throwable failure) {
        CompletableFuture<JsonNode> f;
        synchronized (queue) {
            if (!uid.equals(inFlightId)) {
                return;
            }
            f = inFlight.answer;
        }
        if (failure != null) {
            f.completeExceptionally(failure);
        } else {
            f.complete(payload);
        }
    }

    void onClose(Consumer<Throwable> listener) {
        closeListeners.add(listener);
        if (!open) {
            listener.accept(new IllegalStateException("charge point " + id + " disconnected"));
        }
    }

    void removeCloseListener(Consumer<Throwable> listener) {
        closeListeners.remove(listener);
    }

    /** The socket closed, or is to be closed: pending calls fail, close listeners hear why (once). */
    void closed(String why) {
        IllegalStateException cause = new IllegalStateException("charge point " + id + " disconnected: " + why);
        synchronized (queue) {
            if (!open) {
                return;
            }
            open = false;
            if (inFlight != null) {
                inFlight.answer.completeExceptionally(cause);
            }
            for (Call c : queue) {
                c.answer.completeExceptionally(cause);
            }
            queue.clear();
        }
        sender.close(why);
        for (Consumer<Throwable> l : closeListeners) {
            l.accept(cause);
        }
    }

    static boolean isTimeout(Throwable t) {
        return t instanceof TimeoutException;
    }
}
