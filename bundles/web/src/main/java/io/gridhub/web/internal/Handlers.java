package io.gridhub.web.internal;

import static io.gridhub.web.internal.Json.write;

import io.gridhub.api.settlement.SettlementException;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The handlers of the API's routes by route id ({@code METHOD pattern}, see {@link Route#id()}), as the resources
 * register them. A handler for a route that {@link Routes} does not have, or a second one for a route, is a bug
 * found when the servlet is built.
 */
final class Handlers {
    /** One route's work: reads the call, writes the answer. */
    @FunctionalInterface
    interface Handler {
        void handle(Call call) throws IOException, SettlementException;
    }

    /** The body of a route's answer when all goes well (a problem is thrown as an {@link ApiException}). */
    @FunctionalInterface
    interface Answer {
        Object answer(Call call) throws IOException, SettlementException;
    }

    private final Map<String, Handler> byId = new LinkedHashMap<>();

    /** A GET answering 200 with {@code answer}'s body. */
    Handlers get(String pattern, Answer answer) {
        return on("GET", pattern, 200, answer);
    }

    /** A POST answering {@code status} (200, or 201 for what it creates) with {@code answer}'s body. */
    Handlers post(String pattern, int status, Answer answer) {
        return on("POST", pattern, status, answer);
    }

    /** A DELETE answering 200 with {@code answer}'s body. */
    Handlers delete(String pattern, Answer answer) {
        return on("DELETE", pattern, 200, answer);
    }

    private Handlers on(String method, String pattern, int status, Answer answer) {
        return on(method, pattern, c -> write(c.resp(), status, answer.answer(c)));
    }

    /** A handler that writes its answer itself (its status, headers or a stream). */
    Handlers on(String method, String pattern, Handler handler) {
        String id = method + " " + pattern;
        if (Routes.ALL.stream().noneMatch(r -> r.id().equals(id))) {
            throw new IllegalStateException("no route " + id + " in Routes: add it there with its roles");
        }
        if (byId.putIfAbsent(id, handler) != null) {
            throw new IllegalStateException("two handlers for " + id);
        }
        return this;
    }

    Map<String, Handler> table() {
        return Map.copyOf(byId);
    }
}
